/** The relay origin against a small real HTTP server playing the relay's role. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { LIVE_POINTER } from "#core/platform/layout.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { storeWithFailingReads } from "#core/testing/store-with.ts";
import { staticPlaybackKeys } from "#core/tokens/keyring-store.ts";
import { signPlaybackToken } from "#core/tokens/sign.ts";
import { activeKey, publicJwks, rotateKeyring, type Keyring } from "#core/tokens/signing-keys.ts";
import { createEdgeApp } from "../app.ts";
import { MemoryLruCache } from "../cache/memory-lru-cache.ts";
import { RelayOrigin } from "./relay-origin.ts";

const clock = new ManualClock(Date.UTC(2026, 10, 26, 12));
const store = new MemoryObjectStore({ clock });
const seen: string[] = [];
let relay: Server;
let relayUrl: string;
let keyring: Keyring;
let app: ReturnType<typeof createEdgeApp>;

const LIVE_PLAYLIST = (base: string) =>
  `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES\n#EXT-X-MEDIA-SEQUENCE:5\n#EXTINF:2.000,\n5.m4s\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${base}/media/live1/720p/6.0.m4s"\n`;

const pointer = (state: "live" | "ended", heartbeatAt = new Date(clock.now()).toISOString()) =>
  JSON.stringify({ streamId: "live1", mediaId: "live1", tenantId: "t1", originUrl: relayUrl, relayId: "relay-a", startedAt: "2026-11-26T11:00:00Z", state, heartbeatAt });

beforeAll(async () => {
  relay = createServer((req, res) => {
    seen.push(req.url ?? "");
    if (req.url?.startsWith("/media/live1/720p/index.m3u8")) {
      res.writeHead(200, { "content-type": "application/vnd.apple.mpegurl" }).end(LIVE_PLAYLIST(relayUrl));
    } else if (req.url === "/media/live1/720p/7.2.m4s") res.writeHead(200, { "content-type": "video/mp4" }).end("part 7.2");
    else if (req.url?.startsWith("/media/live1/failing.m3u8")) res.writeHead(503).end("down");
    else if (req.url?.startsWith("/media/live1/hanging.m3u8")) res.writeHead(200); // headers, then nothing
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
  keyring = await rotateKeyring(undefined, "ES256", new Date(clock.now()));
  await store.put("live/live1/origin.json", pointer("live"));
  await store.put("media/live1/720p/index.m3u8", "#EXTM3U\n#EXT-X-ENDLIST\n");
  app = edgeOver(store);
});

const policy = { storageTimeoutMs: 1_000, relayTimeoutMs: 300, blockingRelayTimeoutMs: 300, pointerTtlMs: 2_000 };

function edgeOver(media: MemoryObjectStore | ReturnType<typeof storeWithFailingReads>) {
  return createEdgeApp({
    store: media,
    keys: staticPlaybackKeys(publicJwks(keyring.keys)),
    clock,
    viewer: () => ({}),
    cache: new MemoryLruCache({ maxBytes: 1 << 20, clock }),
    relay: new RelayOrigin({ store: media, clock, policy }),
    originPolicy: policy,
  });
}

afterAll(async () => {
  relay.closeAllConnections();
  await new Promise((resolve) => relay.close(resolve));
});

const token = () => signPlaybackToken(activeKey(keyring), { mediaId: "live1", expiresAt: Math.floor(clock.now() / 1000) + 300 }, clock.now());

describe("relay origin", () => {
  it("proxies live playlists with the LL-HLS directives only, uncached by viewers, token kept on absolute URIs", async () => {
    seen.length = 0;
    const t = await token();
    for (let i = 0; i < 2; i++) {
      const response = await app.request(`/p/${t}/live1/720p/index.m3u8?_HLS_msn=6&_HLS_part=${i}&_HLS_skip=YES&other=1`);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-cache, no-store");
      expect(response.headers.get("cmsd-static")).toBe("ot=m,sf=h,st=l");
      expect(await response.text()).toBe(LIVE_PLAYLIST("").replace('URI="/media/live1/', `URI="/p/${t}/live1/`));
    }
    expect(seen).toEqual(["/media/live1/720p/index.m3u8?_HLS_msn=6&_HLS_part=0&_HLS_skip=YES", "/media/live1/720p/index.m3u8?_HLS_msn=6&_HLS_part=1&_HLS_skip=YES"]);
  });

  it("sends identical blocking reloads and part fetches of many viewers to the relay once", async () => {
    seen.length = 0;
    const t = await token();
    const reloads = await Promise.all(Array.from({ length: 20 }, () => app.request(`/p/${t}/live1/720p/index.m3u8?_HLS_msn=7&_HLS_part=2`)));
    const parts = await Promise.all(Array.from({ length: 20 }, () => app.request(`/p/${t}/live1/720p/7.2.m4s`)));
    const late = await app.request(`/p/${t}/live1/720p/7.2.m4s`);
    expect([...reloads, ...parts, late].map((r) => r.status)).toEqual(Array.from({ length: 41 }, () => 200));
    expect(await late.text()).toBe("part 7.2");
    // Metering adds playlist reads, shared by all viewers too: the multivariant playlist once (tiers), and
    // the media playlist once per round of requests for a part no playlist this edge holds lists yet.
    expect(seen.filter((url) => !/^\/media\/live1\/(master|720p\/index)\.m3u8$/.test(url))).toEqual(["/media/live1/720p/index.m3u8?_HLS_msn=7&_HLS_part=2", "/media/live1/720p/7.2.m4s"]);
    expect(seen.filter((url) => url === "/media/live1/master.m3u8")).toHaveLength(1);
    expect(seen.filter((url) => url === "/media/live1/720p/index.m3u8")).toHaveLength(2);
  });

  it("refuses malformed delivery directives with 400", async () => {
    const response = await app.request(`/p/${await token()}/live1/720p/index.m3u8?_HLS_msn=abc`);
    expect(response.status).toBe(400);
  });

  it("answers 502 for a failing relay and 504 for a hanging one", async () => {
    const failing = await app.request(`/p/${await token()}/live1/failing.m3u8`);
    expect(failing.status).toBe(502);
    expect(await failing.json()).toEqual({ error: { code: "origin.failed", message: "upstream failed" } });
    const hanging = await app.request(`/p/${await token()}/live1/hanging.m3u8`);
    expect(hanging.status).toBe(504);
    expect(((await hanging.json()) as { error: { code: string } }).error.code).toBe("origin.timeout");
  });

  it("answers 503 (never 404 or the stored copy) while the live pointer cannot be read, logs it, and reads again on the next request", async () => {
    let down = true;
    const edge = edgeOver(storeWithFailingReads(store, (key) => down && key.startsWith("live/")));
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const failed = await edge.request(`/p/${await token()}/live1/720p/index.m3u8`);
      expect(failed.status).toBe(503);
      expect(await failed.json()).toEqual({ error: { code: "storage.unavailable", message: "storage unavailable" } });
      expect(logged.mock.calls.map(([line]) => JSON.parse(String(line)) as { status: number; err: { message: string } })).toMatchObject([{ status: 503, err: { message: "get live/live1/origin.json: store down" } }]);
    } finally {
      logged.mockRestore();
    }
    down = false;
    seen.length = 0;
    expect((await edge.request(`/p/${await token()}/live1/720p/index.m3u8`)).status).toBe(200);
    expect(seen).toEqual(["/media/live1/720p/index.m3u8"]);
  });

  it("trusts the pointer for its TTL, then serves from storage once the stream has ended", async () => {
    await store.put("live/live1/origin.json", pointer("ended"));
    seen.length = 0;
    await (await app.request(`/p/${await token()}/live1/720p/index.m3u8`)).text();
    expect(seen).toHaveLength(1);
    clock.advance(2_001);
    const fromStorage = await app.request(`/p/${await token()}/live1/720p/index.m3u8`);
    expect(await fromStorage.text()).toBe("#EXTM3U\n#EXT-X-ENDLIST\n");
    expect(seen).toHaveLength(1);
  });

  it("serves a broadcast whose relay stopped rewriting its pointer from storage, as if it had ended", async () => {
    clock.advance(10_000);
    await store.put("live/live1/origin.json", pointer("live", new Date(clock.now() - LIVE_POINTER.staleAfterMs - 1).toISOString()));
    seen.length = 0;
    const fromStorage = await app.request(`/p/${await token()}/live1/720p/index.m3u8`);
    expect(await fromStorage.text()).toBe("#EXTM3U\n#EXT-X-ENDLIST\n");
    expect(seen).toEqual([]);
  });
});
