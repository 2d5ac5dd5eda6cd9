// The live origin never waits for storage: with the first segment's put held by the store (released
// only when the test says so, not by a timer), the relay still lists and serves the next segment's
// parts over LL-HLS; once the store lets go, every segment is stored and nothing is lost.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "#core/config/parse.ts";
import { createStream } from "#core/records/streams.ts";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { keys } from "#core/storage/keys.ts";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { createLogger } from "#core-node/logger.ts";
import { startPlatform, type RunningPlatform } from "../scripts/platform/platform.ts";
import { GatedStore } from "./support/gated-store.ts";
import { livePointer, text, until, waitForEnded } from "./support/live.ts";
import { publishTestPattern } from "./support/publisher.ts";

let dataDir: string;
let store: GatedStore;
let platform: RunningPlatform;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tributary-slow-store-"));
  store = new GatedStore(new FsObjectStore({ root: join(dataDir, "storage") }), /\/source\/0\.m4s$/);
  const config = parseConfig({ dataDir, logLevel: "warn", role: "relay", relay: { rtmpPort: 0, rtmpsPort: 0, srtPort: 0, httpPort: 0 } });
  platform = await startPlatform(config, { store, log: createLogger("e2e", "warn"), relay: { thumbnailIntervalSeconds: 0 } });
});

afterAll(async () => {
  store?.release();
  await platform?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("live origin with a blocked store", () => {
  it("serves the next segment's parts while the previous segment's put is held, and stores everything after", async () => {
    const { stream, streamKey } = await createStream(platform.records, LOCAL_TENANT_ID, {
      name: "slow-store",
      ladder: "passthrough",
      latencyMode: "low",
      reconnectWindowSeconds: 0,
    });
    const publisher = publishTestPattern(`rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}`, { seconds: 6, width: 320, height: 180, gop: 30 });
    const heldKey = await store.held;
    const pointer = await until("the live pointer", () => livePointer(platform, stream.id));
    const base = `${pointer.originUrl}/media/${pointer.mediaId}/source`;

    // Blocking reload for a part of segment 1: answered while segment 0 is still not stored.
    const playlist = await fetch(`${base}/index.m3u8?_HLS_msn=1&_HLS_part=0`);
    expect(playlist.status).toBe(200);
    const body = await playlist.text();
    expect(body).toContain('#EXT-X-PART:DURATION=');
    expect(body).toMatch(/URI="1\.0\.m4s"/);
    const part = await fetch(`${base}/1.0.m4s`);
    expect(part.status).toBe(200);
    expect((await part.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect(await platform.store.head(heldKey)).toBeUndefined();

    store.release();
    expect((await publisher.exited).code).toBe(0);
    await waitForEnded(platform, stream.id);
    expect(await platform.store.head(heldKey)).toBeDefined();
    const stored = await text(platform, keys.mediaPlaylist(pointer.mediaId, "source"));
    expect(stored).toContain("#EXT-X-ENDLIST");
    expect(stored).toMatch(/^0\.m4s$/m);
    expect(stored).toMatch(/^1\.m4s$/m);
  });
});
