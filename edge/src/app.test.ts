import { beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { staticPlaybackKeys } from "#core/tokens/keyring-store.ts";
import { signPlaybackToken } from "#core/tokens/sign.ts";
import { activeKey, publicJwks, rotateKeyring, type Keyring } from "#core/tokens/signing-keys.ts";
import type { UsageRecord } from "#core/usage/usage-record.ts";
import { createEdgeApp } from "./app.ts";

const clock = new ManualClock(Date.UTC(2026, 10, 26, 12));
const nowS = () => Math.floor(clock.now() / 1000);
const store = new MemoryObjectStore({ clock });
const usage: UsageRecord[] = [];
let ring: Keyring;
let app: ReturnType<typeof createEdgeApp>;
const segment = new Uint8Array(Array.from({ length: 1000 }, (_, i) => i % 256));

const token = (mediaId = "media1", extra: Partial<Parameters<typeof signPlaybackToken>[1]> = {}) =>
  signPlaybackToken(activeKey(ring), { mediaId, expiresAt: nowS() + 300, ...extra }, clock.now());

beforeAll(async () => {
  ring = await rotateKeyring(undefined, "ES256", new Date(clock.now()));
  await store.put("media/media1/master.m3u8", "#EXTM3U\n", { contentType: "application/vnd.apple.mpegurl", cacheControl: "public, max-age=60" });
  await store.put("media/media1/720p/0.m4s", segment);
  await store.put("media/media1/720p/init.mp4", segment.subarray(0, 100));
  await store.put("media/media1/manifest.mpd", "<MPD/>");
  app = createEdgeApp({
    store,
    keys: staticPlaybackKeys(publicJwks(ring.keys)),
    clock,
    usage: { record: (r) => usage.push(r), flush: async () => {} },
    viewer: (c) => ({ ip: c.req.header("x-test-ip"), country: c.req.header("x-test-country"), referrer: c.req.header("referer") }),
  });
});

describe("edge playback", () => {
  it("serves a playlist with its type, cache policy and CORS", async () => {
    const response = await app.request(`/p/${await token()}/media1/master.m3u8`, { headers: { origin: "https://player.example" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.text()).toBe("#EXTM3U\n");
  });

  it.each([
    ["720p/0.m4s", "video/iso.segment", "public, max-age=31536000, immutable"],
    ["720p/init.mp4", "video/mp4", "public, max-age=31536000, immutable"],
    ["manifest.mpd", "application/dash+xml", "public, max-age=60"], // an MPD without @type is static (ISO/IEC 23009-1 §5.3.1.2),
  ])("serves %s as %s", async (path, type, cacheControl) => {
    const response = await app.request(`/p/${await token()}/media1/${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect(response.headers.get("cache-control")).toBe(cacheControl);
  });

  it("answers range requests with 206 and the exact bytes", async () => {
    const response = await app.request(`/p/${await token()}/media1/720p/0.m4s`, { headers: { range: "bytes=10-19" } });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe("bytes 10-19/1000");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(segment.subarray(10, 20));
    const suffix = await app.request(`/p/${await token()}/media1/720p/0.m4s`, { headers: { range: "bytes=-5" } });
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(segment.subarray(995));
    const beyond = await app.request(`/p/${await token()}/media1/720p/0.m4s`, { headers: { range: "bytes=5000-" } });
    expect(beyond.status).toBe(416);
  });

  it("refuses without a valid token (401) and for another media (403)", async () => {
    expect((await app.request("/p/media1/master.m3u8")).status).toBe(401);
    expect((await app.request("/p/not-a-token/media1/master.m3u8")).status).toBe(401);
    const other = await app.request(`/p/${await token("media2")}/media1/master.m3u8`);
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ error: { code: "token.wrong_media", message: expect.any(String) } });
  });

  it("enforces access rules with a machine-readable reason", async () => {
    const t = await token("media1", { rules: { ip: ["10.0.0.0/8"], countries: ["DE"] } });
    const denied = await app.request(`/p/${t}/media1/master.m3u8`, { headers: { "x-test-ip": "192.0.2.1", "x-test-country": "DE" } });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe("access.ip_denied");
    const allowed = await app.request(`/p/${t}/media1/master.m3u8`, { headers: { "x-test-ip": "10.1.2.3", "x-test-country": "DE" } });
    expect(allowed.status).toBe(200);
  });

  it("404s missing objects and 400s traversal", async () => {
    expect((await app.request(`/p/${await token()}/media1/720p/99.m4s`)).status).toBe(404);
    expect((await app.request(`/p/${await token()}/media1/..%2F..%2Fsystem/signing-keys.json`)).status).toBe(400);
    expect((await app.request(`/p/${await token()}/media1/720p/.hidden`)).status).toBe(400);
  });

  it("records usage for each response", async () => {
    usage.length = 0;
    await app.request(`/p/${await token()}/media1/720p/0.m4s`);
    expect(usage).toEqual([expect.objectContaining({ mediaId: "media1", kind: "segment", rendition: "720p", bytes: 1000, status: 200 })]);
  });
});
