/**
 * Metering of a live LL-HLS stream at the edge, against a small real HTTP server playing the relay: a
 * part fetched from a preload hint is billed the DURATION the relay's playlist lists once the part is
 * complete, with the rendition's tier from the multivariant playlist, and many viewers asking at once
 * cost the relay one read of each playlist.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { staticPlaybackKeys } from "#core/tokens/keyring-store.ts";
import { signPlaybackToken } from "#core/tokens/sign.ts";
import { activeKey, publicJwks, rotateKeyring, type Keyring } from "#core/tokens/signing-keys.ts";
import { usageRecordSchema, type UsageRecord } from "#core/usage/usage-record.ts";
import { createEdgeApp } from "../app.ts";
import { MemoryLruCache } from "../cache/memory-lru-cache.ts";
import { RelayOrigin } from "../live/relay-origin.ts";

const clock = new ManualClock(Date.UTC(2026, 11, 4, 12));
const store = new MemoryObjectStore({ clock });
const seen: string[] = [];
const usage: UsageRecord[] = [];
let relay: Server;
let keyring: Keyring;
let app: ReturnType<typeof createEdgeApp>;

const MASTER = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720\n720p/index.m3u8\n";
/** The relay's playlist: part 7.2 is hinted until it is complete, then listed. */
const playlist = (complete: boolean) =>
  [
    "#EXTM3U",
    "#EXT-X-TARGETDURATION:2",
    "#EXT-X-PART-INF:PART-TARGET=0.33367",
    "#EXT-X-MEDIA-SEQUENCE:6",
    '#EXT-X-PART:DURATION=0.33367,URI="6.0.m4s",INDEPENDENT=YES',
    "#EXTINF:2.00200,",
    "6.m4s",
    '#EXT-X-PART:DURATION=0.33367,URI="7.0.m4s",INDEPENDENT=YES',
    '#EXT-X-PART:DURATION=0.33366,URI="7.1.m4s"',
    complete ? '#EXT-X-PART:DURATION=0.33367,URI="7.2.m4s"' : '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="7.2.m4s"',
    "",
  ].join("\n");
let partComplete = false;

beforeAll(async () => {
  relay = createServer((req, res) => {
    seen.push(req.url ?? "");
    if (req.url?.startsWith("/media/live1/720p/index.m3u8")) res.writeHead(200, { "content-type": "application/vnd.apple.mpegurl" }).end(playlist(partComplete));
    else if (req.url === "/media/live1/master.m3u8") res.writeHead(200, { "content-type": "application/vnd.apple.mpegurl" }).end(MASTER);
    else if (req.url === "/media/live1/720p/7.2.m4s") {
      partComplete = true;
      res.writeHead(200, { "content-type": "video/mp4" }).end("part 7.2");
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const originUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
  keyring = await rotateKeyring(undefined, "ES256", new Date(clock.now()));
  const pointer = { streamId: "live1", mediaId: "live1", tenantId: "t1", originUrl, relayId: "relay-a", startedAt: "2026-12-04T11:00:00Z", state: "live", heartbeatAt: new Date(clock.now()).toISOString() };
  await store.put("live/live1/origin.json", JSON.stringify(pointer));
  const policy = { storageTimeoutMs: 1_000, relayTimeoutMs: 300, blockingRelayTimeoutMs: 300, pointerTtlMs: 60_000 };
  app = createEdgeApp({
    store,
    keys: staticPlaybackKeys(publicJwks(keyring.keys)),
    clock,
    viewer: () => ({}),
    usage: { record: (r) => usage.push(r), flush: async () => {} },
    cache: new MemoryLruCache({ maxBytes: 1 << 20, clock }),
    relay: new RelayOrigin({ store, clock, policy }),
    originPolicy: policy,
  });
});

afterAll(async () => {
  relay.closeAllConnections();
  await new Promise((resolve) => relay.close(resolve));
});

describe("live metering at the edge", () => {
  it("bills a hinted part the duration its playlist lists once complete, reading each playlist once for many viewers", async () => {
    const t = await signPlaybackToken(activeKey(keyring), { mediaId: "live1", tenantId: "t1", expiresAt: Math.floor(clock.now() / 1000) + 300 }, clock.now());
    const reload = await app.request(`/p/${t}/live1/720p/index.m3u8?_HLS_msn=7&_HLS_part=1`);
    expect(await reload.text()).toContain("PRELOAD-HINT");
    seen.length = 0;
    usage.length = 0;
    const parts = await Promise.all(Array.from({ length: 20 }, () => app.request(`/p/${t}/live1/720p/7.2.m4s`)));
    expect(parts.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect(usage).toHaveLength(20);
    for (const record of usage) {
      expect(usageRecordSchema.parse(record)).toMatchObject({ kind: "part", rendition: "720p", tier: "HD", mediaSeconds: 0.33367, bytes: 8, tenantId: "t1" });
    }
    expect([...seen].sort()).toEqual(["/media/live1/720p/7.2.m4s", "/media/live1/720p/index.m3u8", "/media/live1/master.m3u8"]);
  });
});
