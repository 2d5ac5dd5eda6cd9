// Storage that falls behind pauses the publisher instead of growing memory or dropping media: with the
// first segment's put held (released only when the test says so), the packaged bytes waiting for
// storage pass the broadcast's cap, the relay stops reading the RTMP socket and says so; once the store
// lets go it catches up, reads again, and every second the encoder sent is stored.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "#core/config/parse.ts";
import { createStream } from "#core/records/streams.ts";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { keys } from "#core/storage/keys.ts";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { startPlatform, type RunningPlatform } from "../scripts/platform/platform.ts";
import { GatedStore } from "./support/gated-store.ts";
import { livePointer, text, until, waitForEnded } from "./support/live.ts";
import { publishTestPattern } from "./support/publisher.ts";

/** Log lines, and a promise per message that resolves when it is first logged. */
function logSink() {
  const seen = new Map<string, () => void>();
  const waits = new Map<string, Promise<void>>();
  const waitFor = (msg: string) => {
    if (!waits.has(msg)) waits.set(msg, new Promise<void>((resolve) => seen.set(msg, resolve)));
    return waits.get(msg) as Promise<void>;
  };
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line === "") continue;
        const msg = (JSON.parse(line) as { msg?: string }).msg ?? "";
        waitFor(msg);
        seen.get(msg)?.();
      }
      done();
    },
  });
  return { stream, waitFor };
}

const SECONDS = 8;
let dataDir: string;
let store: GatedStore;
let platform: RunningPlatform;
const logs = logSink();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tributary-backpressure-"));
  store = new GatedStore(new FsObjectStore({ root: join(dataDir, "storage") }), /\/source\/0\.m4s$/);
  const config = parseConfig({ dataDir, logLevel: "info", role: "relay", relay: { rtmpPort: 0, rtmpsPort: 0, srtPort: 0, httpPort: 0 } });
  platform = await startPlatform(config, { store, log: pino({ level: "info" }, logs.stream), relay: { thumbnailIntervalSeconds: 0, maxStorageBacklogBytes: 400_000 } });
});

afterAll(async () => {
  store?.release();
  await platform?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("storage backpressure", () => {
  it("pauses the publisher while storage is behind and stores everything once it catches up", async () => {
    const { stream, streamKey } = await createStream(platform.records, LOCAL_TENANT_ID, {
      name: "backpressure",
      ladder: "passthrough",
      reconnectWindowSeconds: 0,
    });
    const publisher = publishTestPattern(`rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}`, { seconds: SECONDS, width: 320, height: 180, gop: 30 });
    await store.held;
    await logs.waitFor("storage is behind: publisher paused until it catches up");
    const pointer = await until("the live pointer", () => livePointer(platform, stream.id));

    store.release();
    await logs.waitFor("storage caught up: publisher resumed");
    expect((await publisher.exited).code).toBe(0);
    await waitForEnded(platform, stream.id);
    const stored = (await text(platform, keys.mediaPlaylist(pointer.mediaId, "source"))) ?? "";
    expect(stored).toContain("#EXT-X-ENDLIST");
    const sequences = [...stored.matchAll(/^(\d+)\.m4s$/gm)].map((m) => Number(m[1]));
    expect(sequences).toEqual(sequences.map((_, i) => i));
    const seconds = [...stored.matchAll(/^#EXTINF:([\d.]+),/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(seconds).toBeGreaterThan(SECONDS - 0.5);
    for (const sequence of sequences) expect(await platform.store.head(keys.segment(pointer.mediaId, "source", sequence))).toBeDefined();
  }, 60_000);
});
