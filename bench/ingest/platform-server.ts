/** The parent's handle on bench/ingest/platform-child.ts: start it, create streams, read playlists, stop it. */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { keys } from "#core/storage/keys.ts";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import type { ChildReply, ChildRequest } from "./platform-child.ts";

export interface PlatformServer {
  pid: number;
  rtmpPort: number;
  /** Creates `count` streams with `ladder` and returns their RTMP publish URLs and ids. */
  createStreams(count: number, ladder: string | Record<string, unknown>[]): Promise<{ streamId: string; url: string }[]>;
  /** Reads a stream's live media playlist from storage (via its live pointer); undefined until there is one. */
  playlistReader(streamId: string, rendition: string): () => Promise<string | undefined>;
  stop(): Promise<void>;
}

function nextReply<T extends ChildReply["type"]>(child: ChildProcess, type: T): Promise<Extract<ChildReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildReply) => {
      if (message.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as Extract<ChildReply, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`platform child exited (${code}) before "${type}"`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

async function text(store: FsObjectStore, key: string): Promise<string | undefined> {
  const object = await store.get(key);
  return object ? new Response(object.body).text() : undefined;
}

export async function startPlatformServer(): Promise<PlatformServer> {
  // No loader flags: Node 24 runs the TypeScript child natively, whatever started the parent.
  const child = fork(fileURLToPath(new URL("./platform-child.ts", import.meta.url)), [], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = await nextReply(child, "ready");
  const store = new FsObjectStore({ root: ready.storageRoot });
  const request = (message: ChildRequest) => child.send(message);
  return {
    pid: child.pid ?? -1,
    rtmpPort: ready.rtmpPort,
    async createStreams(count, ladder) {
      const created = nextReply(child, "created");
      request({ type: "create", count, ladder });
      return (await created).streams.map((s) => ({ streamId: s.streamId, url: `rtmp://127.0.0.1:${ready.rtmpPort}/live/${s.streamKey}` }));
    },
    playlistReader(streamId, rendition) {
      let mediaId: string | undefined;
      return async () => {
        if (mediaId === undefined) {
          const pointer = await text(store, keys.liveOrigin(streamId));
          mediaId = pointer === undefined ? undefined : (JSON.parse(pointer) as { mediaId: string }).mediaId;
          if (mediaId === undefined) return undefined;
        }
        return text(store, keys.mediaPlaylist(mediaId, rendition));
      };
    },
    async stop() {
      const guard = setTimeout(() => child.kill("SIGKILL"), 20_000);
      if (child.connected) request({ type: "stop" });
      await exited;
      clearTimeout(guard);
    },
  };
}
