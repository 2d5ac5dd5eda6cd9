/**
 * The platform as `npm start` runs it (scripts/platform/supervised-platform.ts: this process supervises
 * a relay process and an edge process), on free 127.0.0.1 ports with filesystem storage in a temp data
 * dir, so the bench can sample this process's whole tree (supervisor, relay, edge, ffmpeg children)
 * apart from the publishers, the viewers and the bench. IPC: sends `ready` with the edge URL, the relay's
 * HTTP URL (live origin and `/metrics`), the RTMP port, the new admin API key and the
 * edge's and relay's pids; exits on `stop` (or when the bench goes away).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "#core/config/parse.ts";
import { startSupervisedPlatform } from "../../scripts/platform/supervised-platform.ts";

export type ChildRequest = { type: "stop" };

export type ChildReply = { type: "ready"; edgeUrl: string; relayUrl: string; rtmpPort: number; adminKey: string; edgePid: number; relayPid: number } | { type: "stopped" };

function send(reply: ChildReply): void {
  if (process.connected) process.send?.(reply);
}

const dataDir = await mkdtemp(join(tmpdir(), "tributary-bench-"));
const config = parseConfig({ dataDir, logLevel: "warn", edge: { port: 0 }, relay: { rtmpPort: 0, rtmpsPort: 0, srtPort: 0, httpPort: 0 } });
const platform = await startSupervisedPlatform(config, { stopTimeoutMs: 20_000 });
// A fresh data dir: the local tenant is new, so its admin key is shown (once) to this process.
if (platform.adminKey === undefined) throw new Error("the platform started without a new admin key");

let stopping: Promise<void> | undefined;
const stop = () =>
  (stopping ??= (async () => {
    await platform.close();
    await rm(dataDir, { recursive: true, force: true });
    send({ type: "stopped" });
    process.exit(0);
  })());

process.on("message", (message: ChildRequest) => {
  if (message.type === "stop") void stop();
});
process.once("disconnect", () => void stop());

const relayUrl = `http://${platform.config.relay.host}:${platform.config.relay.httpPort}`;
send({ type: "ready", edgeUrl: platform.edgeUrl, relayUrl, rtmpPort: platform.config.relay.rtmpPort, adminKey: platform.adminKey, edgePid: platform.edge.pid, relayPid: platform.relay.pid });
