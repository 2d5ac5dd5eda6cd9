/** The request-level suite against the Node entry: a real HTTP server on 127.0.0.1, port 0. */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "#core/clock.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { staticPlaybackKeys } from "#core/tokens/keyring-store.ts";
import { signPlaybackToken } from "#core/tokens/sign.ts";
import { activeKey, publicJwks, rotateKeyring, type Keyring } from "#core/tokens/signing-keys.ts";
import { usageRecordSchema, type UsageRecord } from "#core/usage/usage-record.ts";
import { createEdgeApp } from "../app.ts";
import { MemoryLruCache } from "../cache/memory-lru-cache.ts";
import { edgeRequestSuite, type EdgeHarness } from "../testing/edge-request-suite.ts";
import { SEED } from "../testing/seed-media.ts";
import { nodeViewer, startNodeEdge, type NodeEdgeServer } from "./node.ts";

let server: NodeEdgeServer;
let keyring: Keyring;
const usage: UsageRecord[] = [];

beforeAll(async () => {
  keyring = await rotateKeyring(undefined, "ES256", new Date());
  const store = new MemoryObjectStore();
  for (const { key, body, contentType } of SEED) await store.put(key, body, contentType ? { contentType } : {});
  const app = createEdgeApp({
    store,
    keys: staticPlaybackKeys(publicJwks(keyring.keys)),
    clock: systemClock,
    usage: { record: (r) => usage.push(r), flush: async () => {} },
    viewer: nodeViewer(true),
    cache: new MemoryLruCache({ maxBytes: 1 << 20, clock: systemClock }),
  });
  server = await startNodeEdge(app, { host: "127.0.0.1", port: 0 });
});

afterAll(async () => {
  await server.close();
});

const harness: EdgeHarness = {
  get keyring() {
    return keyring;
  },
  request: (path, init = {}) =>
    fetch(server.url + path, { method: init.method ?? "GET", headers: { ...init.headers, ...(init.country ? { "x-viewer-country": init.country } : {}) } }),
};

edgeRequestSuite("Node", () => harness);

/** Sends a request target exactly as written (fetch would normalize `..` away). */
function rawGet(target: string): Promise<number> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path: target, method: "GET" }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("Node edge specifics", () => {
  it("refuses literal and encoded dot segments as sent on the wire", async () => {
    const t = await signPlaybackToken(activeKey(keyring), { mediaId: "media1", expiresAt: Math.floor(Date.now() / 1000) + 60 });
    expect(await rawGet(`/p/${t}/media1/../../system/signing-keys.json`)).toBe(400);
    expect(await rawGet(`/p/${t}/media1/%2e%2e/%2E%2E/system/signing-keys.json`)).toBe(400);
    expect(await rawGet(`/p/${t}/media1/720p/./0.m4s`)).toBe(400);
  });

  it("writes one usage record per response with cache hits and CMCD", async () => {
    usage.length = 0;
    const t = await signPlaybackToken(activeKey(keyring), { mediaId: "media1", expiresAt: Math.floor(Date.now() / 1000) + 60, tenantId: "tenant1" });
    const cmcd = encodeURIComponent('br=2800,ot=v,sid="sess-9",bl=4000');
    for (let i = 0; i < 2; i++) await (await fetch(`${server.url}/p/${t}/media1/720p/init.mp4?CMCD=${cmcd}`, { headers: { "x-viewer-country": "NL" } })).arrayBuffer();
    expect(usage).toEqual([
      expect.objectContaining({ tenantId: "tenant1", mediaId: "media1", kind: "init", rendition: "720p", bytes: 100, status: 200, cacheHit: false, country: "NL", sessionId: "sess-9", cmcd: { br: 2800, ot: "v", sid: "sess-9", bl: 4000 } }),
      expect.objectContaining({ kind: "init", bytes: 100, status: 200, cacheHit: true }),
    ]);
  });

  it("counts the media seconds the playlist lists for a segment, in proportion for a range, with the rendition's tier", async () => {
    usage.length = 0;
    const t = await signPlaybackToken(activeKey(keyring), { mediaId: "media1", expiresAt: Math.floor(Date.now() / 1000) + 60, tenantId: "tenant1" });
    await (await fetch(`${server.url}/p/${t}/media1/720p/0.m4s`)).arrayBuffer();
    await (await fetch(`${server.url}/p/${t}/media1/720p/0.m4s`, { headers: { range: "bytes=0-249" } })).arrayBuffer();
    await (await fetch(`${server.url}/p/${t}/media1/720p/0.m4s`, { method: "HEAD" })).arrayBuffer();
    await (await fetch(`${server.url}/p/${t}/media1/720p/9.m4s`)).arrayBuffer();
    expect(usage.map((r) => [r.status, r.bytes, r.mediaSeconds, r.tier])).toEqual([
      [200, 1000, 2, "HD"],
      [206, 250, 0.5, "HD"],
      [200, 0, 0, "HD"],
      [404, 0, undefined, undefined],
    ]);
    // No CMCD sid and no sid in the token: the edge mints one per token, the same on every request.
    expect(new Set(usage.map((r) => r.sessionId)).size).toBe(1);
    expect(usage[0]?.sessionId).toMatch(/^t-[A-Za-z0-9_-]{22}$/);
    expect(new Set(usage.map((r) => r.id)).size).toBe(usage.length);
    for (const record of usage) expect(usageRecordSchema.parse(record)).toEqual(record);
  });

  it("sends CORS with a cached segment's bytes over the wire, and answers preflights", async () => {
    const t = await signPlaybackToken(activeKey(keyring), { mediaId: "media1", expiresAt: Math.floor(Date.now() / 1000) + 60 });
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${server.url}/p/${t}/media1/720p/0.m4s`, { headers: { origin: "https://player.example" } });
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-expose-headers")).toBe("Content-Length,Content-Range,ETag,CMSD-Static");
      expect(response.headers.get("content-length")).toBe("1000");
      expect((await response.arrayBuffer()).byteLength).toBe(1000);
    }
    const preflight = await fetch(`${server.url}/p/${t}/media1/720p/0.m4s`, { method: "OPTIONS", headers: { origin: "https://player.example", "access-control-request-method": "GET" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toBe("GET,HEAD,OPTIONS");
    expect(preflight.headers.get("access-control-max-age")).toBe("86400");
  });
});
