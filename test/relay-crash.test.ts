// The relay killed mid-broadcast (SIGKILL, nothing flushed) under the supervisor `npm start` runs:
// the restarted relay ends the orphaned broadcast (playlists final, recording registered), the live
// pointer does not stay live, and the same stream key publishes again at once.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "#core/config/parse.ts";
import { getAsset } from "#core/records/assets.ts";
import { createStream } from "#core/records/streams.ts";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { keys } from "#core/storage/keys.ts";
import { startSupervisedPlatform, type SupervisedPlatform } from "../scripts/platform/supervised-platform.ts";
import { decodeStreams } from "./support/ffprobe.ts";
import { livePointer, text, until } from "./support/live.ts";
import { publishTestPattern } from "./support/publisher.ts";

let dataDir = "";
let platform: SupervisedPlatform;
const readyPids: number[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tributary-crash-"));
  const config = parseConfig({ dataDir, logLevel: "error", edge: { port: 0, host: "127.0.0.1" }, relay: { host: "127.0.0.1", publicHost: "127.0.0.1", rtmpPort: 0, rtmpsPort: 0, srtPort: 0, httpPort: 0 } });
  platform = await startSupervisedPlatform(config, { stopTimeoutMs: 15_000, events: { ready: (_ready, pid) => readyPids.push(pid) } });
}, 60_000);

afterAll(async () => {
  await platform?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const segmentsOf = (playlist: string) => playlist.split("\n").filter((line) => line.endsWith(".m4s"));

describe("a relay killed mid-broadcast", () => {
  it("leaves an intact, finalised recording, no pointer stuck live, and the key free to publish again", async () => {
    const { stream, streamKey } = await createStream(platform.records, LOCAL_TENANT_ID, { name: "crash", ladder: "passthrough", recording: true, reconnectWindowSeconds: 30 });
    const rtmp = `rtmp://127.0.0.1:${platform.config.relay.rtmpPort}/live/${streamKey}`;
    const first = publishTestPattern(rtmp, { seconds: 40, width: 640, height: 360 });
    const pointer = await until("the live pointer", () => livePointer(platform, stream.id));
    const playlistKey = keys.mediaPlaylist(pointer.mediaId, "source");
    await until("three stored segments", async () => (segmentsOf((await text(platform, playlistKey)) ?? "").length >= 3 ? true : undefined), 30_000);

    const killed = platform.relay.pid;
    process.kill(killed, "SIGKILL");
    await first.exited;
    await until("the relay to restart", async () => (platform.relay.pid !== killed && readyPids.includes(platform.relay.pid) ? true : undefined), 30_000);

    // The same key publishes at once: a new broadcast, a new media id.
    const second = publishTestPattern(rtmp, { seconds: 4, width: 640, height: 360 });
    const next = await until("the new broadcast", async () => {
      const current = await livePointer(platform, stream.id);
      return current !== undefined && current.mediaId !== pointer.mediaId && current.state === "live" ? current : undefined;
    });
    expect(next.relayId).not.toBe(pointer.relayId);

    // The killed broadcast's playlists end, and every segment they list exists and decodes.
    const ended = await until("the orphaned playlist to end", async () => {
      const playlist = (await text(platform, playlistKey)) ?? "";
      return playlist.includes("#EXT-X-ENDLIST") ? playlist : undefined;
    });
    const listed = segmentsOf(ended);
    expect(listed.length).toBeGreaterThanOrEqual(3);
    const dir = `media/${pointer.mediaId}/source/`;
    const parts = [new Uint8Array(await new Response((await platform.store.get(`${dir}init.mp4`))?.body).arrayBuffer())];
    for (const segment of listed) {
      const object = await platform.store.get(dir + segment);
      expect(object, segment).toBeDefined();
      parts.push(new Uint8Array(await new Response(object?.body).arrayBuffer()));
    }
    const file = join(dataDir, "orphan.mp4");
    await writeFile(file, Buffer.concat(parts));
    const [video] = await decodeStreams(file);
    expect(video?.codecType).toBe("video");
    expect(video?.frames).toBeGreaterThan(listed.length * 30);
    expect(await text(platform, keys.mpd(pointer.mediaId))).toContain('type="static"');

    const asset = await until("the recovered recording", () => getAsset(platform.records, LOCAL_TENANT_ID, pointer.mediaId));
    expect(asset).toMatchObject({ kind: "recording", status: "ready", sourceStreamId: stream.id });
    expect(asset.durationSeconds).toBeGreaterThanOrEqual(listed.length * 1.5);

    expect((await second.exited).code).toBe(0);
  }, 120_000);
});
