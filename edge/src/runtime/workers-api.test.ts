/**
 * The broadcaster API and dashboard on the Workers edge, inside workerd: workers.ts bundled and run by
 * miniflare with a local R2 bucket as `MEDIA` and the API vars the deploy generates. Tenants are seeded
 * through the core record functions over the same bucket (miniflare's R2 binding, wrapped in
 * `R2ObjectStore` on the test side), and the records the API writes are read back from it by key. The
 * `ASSETS` binding serves what wrangler's build command (edge/scripts/build-assets.ts) writes, run here
 * into a temporary directory.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cryptoRandom, systemClock } from "#core/clock.ts";
import type { RecordContext } from "#core/records/context.ts";
import { createTenant } from "#core/records/tenants.ts";
import { keys } from "#core/storage/keys.ts";
import { R2ObjectStore, type R2BucketLike } from "../storage/r2-object-store.ts";
import { contentSecurityPolicy } from "../pages/security-headers.ts";
import { bundleWorker } from "../testing/worker-bundle.ts";
import { apiSettings, DEFAULT_INGEST_PORTS } from "./workers-api.ts";

let script: string;
let assetsDir: string;
const edges: Miniflare[] = [];

interface Edge {
  mf: Miniflare;
  store: R2ObjectStore;
  call(key: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

async function startEdge(bindings: Record<string, string>, ratelimits?: Record<string, { simple: { limit: number; period: 10 | 60 } }>): Promise<Edge> {
  const mf = new Miniflare({
    ...(ratelimits ? { ratelimits } : {}),
    modules: true,
    script,
    compatibilityDate: "2026-04-01",
    r2Buckets: ["MEDIA"],
    bindings: { EDGE_CACHE: "off", ...bindings },
    // As edge/wrangler.toml declares it: the Worker runs first and fetches assets through the binding.
    assets: { directory: assetsDir, binding: "ASSETS", routerConfig: { invoke_user_worker_ahead_of_assets: true, has_user_worker: true } },
  });
  edges.push(mf);
  const store = new R2ObjectStore((await mf.getR2Bucket("MEDIA")) as unknown as R2BucketLike);
  const call = async (key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    (await mf.dispatchFetch(`https://edge.test${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })) as unknown as Response;
  return { mf, store, call };
}

const API_VARS = { INGEST_HOST: "ingest.example.com", RTMP_PORT: "1935", RTMPS_PORT: "443", SRT_PORT: "9000", PUBLIC_URL: "https://cdn.example.com" };
let edge: Edge;
let acme: string;
let bravo: string;

beforeAll(async () => {
  assetsDir = await mkdtemp(join(tmpdir(), "tributary-assets-"));
  const buildScript = new URL("../../scripts/build-assets.ts", import.meta.url);
  [script] = await Promise.all([bundleWorker(new URL("./workers.ts", import.meta.url)), promisify(execFile)(process.execPath, [decodeURIComponent(buildScript.pathname), assetsDir])]);
  edge = await startEdge(API_VARS);
  const ctx: RecordContext = { store: edge.store, clock: systemClock, random: cryptoRandom };
  acme = (await createTenant(ctx, { id: "acme", name: "Acme" })).adminKey;
  bravo = (await createTenant(ctx, { id: "bravo", name: "Bravo" })).adminKey;
});

afterAll(async () => {
  await Promise.all(edges.map((mf) => mf.dispose()));
  if (assetsDir !== undefined) await rm(assetsDir, { recursive: true, force: true });
});

interface StreamBody {
  id: string;
  name: string;
  ingest: { rtmp: { url: string }; rtmps: { server: string }; srt: { url: string }; streamKey?: string };
}

describe("broadcaster API on workerd (R2 binding)", () => {
  it("creates a stream with a seeded tenant's key, stores its record in the bucket, and reads it back", async () => {
    const created = await edge.call(acme, "POST", "/api/v1/streams", { name: "Main" });
    expect(created.status).toBe(201);
    const stream = (await created.json()) as StreamBody;
    expect(stream.ingest.streamKey).toMatch(/^sk_/);
    expect(stream.ingest.rtmps.server).toBe("rtmps://ingest.example.com:443/live");
    expect(stream.ingest.srt.url).toBe(`srt://ingest.example.com:9000?streamid=#!::r=${stream.id},m=publish`);
    const record = await edge.store.get(keys.stream(stream.id));
    expect(JSON.parse(await new Response(record?.body).text())).toMatchObject({ id: stream.id, tenantId: "acme", name: "Main" });

    const fetched = await edge.call(acme, "GET", `/api/v1/streams/${stream.id}`);
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toMatchObject({ id: stream.id, name: "Main", ingest: { rtmp: { url: "stream key hidden" } } });
    const listed = (await (await edge.call(acme, "GET", "/api/v1/streams")).json()) as { data: { id: string }[] };
    expect(listed.data.map((s) => s.id)).toContain(stream.id);
  });

  it("keeps tenants apart: another tenant's key gets 404 and an empty list", async () => {
    const stream = (await (await edge.call(acme, "POST", "/api/v1/streams", { name: "Private" })).json()) as StreamBody;
    const foreign = await edge.call(bravo, "GET", `/api/v1/streams/${stream.id}`);
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe("request.not_found");
    const deleted = await edge.call(bravo, "DELETE", `/api/v1/streams/${stream.id}`);
    expect(deleted.status).toBe(404);
    await deleted.arrayBuffer();
    expect(((await (await edge.call(bravo, "GET", "/api/v1/streams")).json()) as { data: unknown[] }).data).toEqual([]);
  });

  it("replays an Idempotency-Key create from its record in R2 instead of creating twice", async () => {
    const headers = { "idempotency-key": "create-main-1" };
    const first = (await (await edge.call(bravo, "POST", "/api/v1/streams", { name: "Once" }, headers)).json()) as StreamBody;
    const again = await edge.call(bravo, "POST", "/api/v1/streams", { name: "Once" }, headers);
    expect(again.status).toBe(201);
    expect(((await again.json()) as StreamBody).id).toBe(first.id);
    const other = await edge.call(bravo, "POST", "/api/v1/streams", { name: "Different" }, headers);
    expect(other.status).toBe(422);
    await other.arrayBuffer();
  });

  it("counts API requests in the API_RATE_LIMIT binding when it is bound: 429 with Retry-After past the limit", async () => {
    const limited = await startEdge(API_VARS, { API_RATE_LIMIT: { simple: { limit: 3, period: 60 } } });
    const key = (await createTenant({ store: limited.store, clock: systemClock, random: cryptoRandom }, { id: "carol", name: "Carol" })).adminKey;
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 5; i++) {
      const response = await limited.call(key, "GET", "/api/v1/streams");
      statuses.push(response.status);
      if (response.status === 429) refused = response;
      else await response.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(refused?.headers.get("retry-after")).toBe("60");
    expect(((await refused?.json()) as { error: { code: string } }).error.code).toBe("auth.rate_limited");
  });

  it("refuses unknown keys and mints playback URLs on PUBLIC_URL", async () => {
    const refused = await edge.call("tk_not_a_key", "GET", "/api/v1/streams");
    expect(refused.status).toBe(401);
    await refused.arrayBuffer();
    const stream = (await (await edge.call(acme, "POST", "/api/v1/streams", { name: "Tokens" })).json()) as StreamBody;
    const minted = await edge.call(acme, "POST", "/api/v1/playback-tokens", { streamId: stream.id });
    expect(minted.status).toBe(201);
    const { urls } = (await minted.json()) as { urls: { hls: string } };
    expect(urls.hls).toMatch(/^https:\/\/cdn\.example\.com\/p\/[^/]+\/[0-9a-z]+\/master\.m3u8$/);
  });

  it("answers usage and invoices with 501 usage.engine_unavailable: workerd embeds no query engine", async () => {
    for (const path of ["/api/v1/usage?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z", "/api/v1/invoices/2026-12"]) {
      const response = await edge.call(acme, "GET", path);
      expect(response.status, path).toBe(501);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("usage.engine_unavailable");
    }
  });

  it("serves the dashboard with its CSP", async () => {
    const response = (await edge.mf.dispatchFetch("https://edge.test/dashboard")) as unknown as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toBe(contentSecurityPolicy({ frameAncestors: "'none'" }));
    expect(await response.text()).toContain("<html");
  });

  it.each([
    { path: "/assets/dashboard.js", contains: '"tributary.apiKey"', cache: "no-cache" },
    { path: "/assets/player.js", contains: "urn:mpeg:dash:utc:http-iso:2014", cache: "no-cache" },
    { path: "/assets/hls.min.js", contains: "lowLatencyMode" },
    { path: "/assets/dash.all.min.js", contains: "MediaPlayer" },
  ])("serves $path from the ASSETS binding with the pages' headers", async ({ path, contains, cache }) => {
    const response = (await edge.mf.dispatchFetch(`https://edge.test${path}`)) as unknown as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    if (cache !== undefined) expect(response.headers.get("cache-control")).toBe(cache);
    expect(await response.text()).toContain(contains);
  });

  it("answers 404 for a script the build did not write, and never serves the asset files outside /assets/", async () => {
    for (const path of ["/assets/missing.js", "/dashboard.js", "/hls.min.js"]) {
      const response = (await edge.mf.dispatchFetch(`https://edge.test${path}`)) as unknown as Response;
      expect(response.status, path).toBe(404);
      await response.arrayBuffer();
    }
  });

  it("without PUBLIC_URL, bases playback URLs on the origin the request reached; without INGEST_HOST, serves no API", async () => {
    const hostOnly = await startEdge({ INGEST_HOST: "ingest.example.com" });
    const key = (await createTenant({ store: hostOnly.store, clock: systemClock, random: cryptoRandom }, { id: "acme", name: "Acme" })).adminKey;
    const stream = (await (await hostOnly.call(key, "POST", "/api/v1/streams", { name: "Main" })).json()) as StreamBody;
    expect(stream.ingest.rtmp.url).toMatch(/^rtmp:\/\/ingest\.example\.com:1935\/live\/sk_/);
    const { urls } = (await (await hostOnly.call(key, "POST", "/api/v1/playback-tokens", { streamId: stream.id })).json()) as { urls: { hls: string } };
    expect(urls.hls.startsWith("https://edge.test/p/")).toBe(true);

    const playbackOnly = await startEdge({});
    for (const path of ["/api/v1/streams", "/dashboard"]) {
      const response = (await playbackOnly.mf.dispatchFetch(`https://edge.test${path}`)) as unknown as Response;
      expect(response.status).toBe(404);
      await response.arrayBuffer();
    }
  });
});

describe("apiSettings", () => {
  it("is off without INGEST_HOST, and defaults the ports and public URL", () => {
    expect(apiSettings({}, "https://edge.test")).toBeUndefined();
    expect(apiSettings({ INGEST_HOST: "ingest.example.com" }, "https://edge.test")).toEqual({
      ingest: { publicHost: "ingest.example.com", rtmpPort: DEFAULT_INGEST_PORTS.RTMP_PORT, rtmpsPort: DEFAULT_INGEST_PORTS.RTMPS_PORT, srtPort: DEFAULT_INGEST_PORTS.SRT_PORT },
      publicUrl: "https://edge.test",
    });
  });

  it("reports every bad var together, and API vars without INGEST_HOST", () => {
    expect(() => apiSettings({ INGEST_HOST: "bad host", RTMP_PORT: "70000", SRT_PORT: "x", PUBLIC_URL: "https://cdn.example.com/path" }, "https://edge.test")).toThrow(
      /INGEST_HOST must be .*; RTMP_PORT must be .*; SRT_PORT must be .*; PUBLIC_URL must be an http\(s\) origin/,
    );
    expect(() => apiSettings({ PUBLIC_URL: "https://cdn.example.com" }, "https://edge.test")).toThrow(/PUBLIC_URL configure the broadcaster API, which needs INGEST_HOST/);
  });
});
