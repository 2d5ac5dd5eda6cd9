/** The parent's handle on bench/ingest/platform-child.ts: start the supervised platform, create streams through its API, stop it. */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createBenchStreams, type BenchStream, type StreamSettings } from "./platform-api.ts";
import { nextReply } from "../support/ipc-reply.ts";
import type { ChildReply, ChildRequest } from "./platform-child.ts";

export interface PlatformServer {
  /** The supervisor's pid: the relay, the edge and their ffmpeg children are its descendants. */
  pid: number;
  edgeUrl: string;
  /** The relay's HTTP server: the live origin the edge proxies to, and its Prometheus `/metrics`. */
  relayUrl: string;
  /** The edge and relay processes (as first started: a restarted one has a new pid). */
  edgePid: number;
  relayPid: number;
  createStreams(count: number, settings: StreamSettings): Promise<BenchStream[]>;
  stop(): Promise<void>;
}

export async function startPlatformServer(): Promise<PlatformServer> {
  // No loader flags: Node 24 runs the TypeScript child natively, whatever started the parent.
  const child = fork(fileURLToPath(new URL("./platform-child.ts", import.meta.url)), [], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = await nextReply<ChildReply, "ready">(child, "ready", "platform child").catch(async (error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });
  return {
    pid: child.pid ?? -1,
    edgeUrl: ready.edgeUrl,
    relayUrl: ready.relayUrl,
    edgePid: ready.edgePid,
    relayPid: ready.relayPid,
    createStreams: (count, settings) => createBenchStreams(ready.edgeUrl, ready.adminKey, count, settings),
    async stop() {
      // The supervisor stops the edge, then the relay (which ends every broadcast); this bounds it all.
      const guard = setTimeout(() => child.kill("SIGKILL"), 45_000);
      if (child.connected) child.send({ type: "stop" } satisfies ChildRequest);
      else child.kill("SIGTERM");
      await exited;
      clearTimeout(guard);
    },
  };
}
