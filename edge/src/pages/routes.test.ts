import { beforeAll, describe, expect, it } from "vitest";
import { ManualClock, cryptoRandom } from "#core/clock.ts";
import { createTenant } from "#core/records/tenants.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { storedPlaybackKeys } from "#core/tokens/keyring-store.ts";
import { createEdgeApp } from "../app.ts";
import { nodeAssets } from "../runtime/node-assets.ts";

const clock = new ManualClock(Date.UTC(2026, 10, 26, 12));
const store = new MemoryObjectStore({ clock });
const ingest = { publicHost: "ingest.example.com", rtmpPort: 1935, rtmpsPort: 1936, srtPort: 9000 };
const base = { store, clock, keys: storedPlaybackKeys(store, 0, () => clock.now()), viewer: () => ({}) };
const app = createEdgeApp({ ...base, api: { ingest, publicUrl: "https://cdn.example.com" }, assets: nodeAssets() });
/** A playback-only edge: no API, no assets port. */
const bare = createEdgeApp(base);
const TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJtZWRpYTEifQ.c2lnbmF0dXJl";
let adminKey: string;

beforeAll(async () => {
  adminKey = (await createTenant({ store, clock, random: cryptoRandom }, { id: "acme", name: "Acme" })).adminKey;
});

function expectStrictPage(response: Response, frameAncestors: string): void {
  expect(response.headers.get("content-type")).toBe("text/html; charset=UTF-8");
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).toContain(`frame-ancestors ${frameAncestors}`);
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("same-origin");
}

/** No inline scripts, styles or event handlers: everything the page runs comes from `/assets/`. */
function expectNoInlineCode(page: string): void {
  expect(page).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  expect(page).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
}

describe("dashboard page", () => {
  it("is a strict-CSP HTML page that never contains the caller's API key", async () => {
    const response = await app.request("/dashboard", { headers: { authorization: `Bearer ${adminKey}`, cookie: `key=${adminKey}` } });
    expect(response.status).toBe(200);
    expectStrictPage(response, "'none'");
    const page = await response.text();
    expect(page).not.toContain(adminKey);
    expectNoInlineCode(page);
    expect(page).toContain('<script src="/assets/dashboard.js" defer></script>');
    expect(page).toContain('<label for="api-key">API key</label>');
    expect(page).toMatch(/role="status" aria-live="polite"/);
  });

  it("is absent on an edge without the broadcaster API", async () => {
    expect((await bare.request("/dashboard")).status).toBe(404);
    expect((await bare.request("/dashboard/usage")).status).toBe(404);
  });

  it("has a usage page that loads uPlot and its stylesheet from the edge's own assets", async () => {
    const response = await app.request("/dashboard/usage");
    expect(response.status).toBe(200);
    expectStrictPage(response, "'none'");
    const page = await response.text();
    expectNoInlineCode(page);
    expect(page).toContain('<link rel="stylesheet" href="/assets/uPlot.min.css">');
    expect(page).toContain('<script src="/assets/uPlot.iife.min.js" defer></script>\n<script src="/assets/usage.js" defer></script>');
  });
});

describe("player page", () => {
  it("loads hls.js and the player for the query-token form", async () => {
    const response = await app.request(`/watch/media1?token=${TOKEN}`);
    expect(response.status).toBe(200);
    expectStrictPage(response, "'self'");
    const page = await response.text();
    expectNoInlineCode(page);
    expect(page).toContain(`data-src="/p/${TOKEN}/media1/master.m3u8" data-format="hls"`);
    expect(page).toContain('<script src="/assets/hls.min.js" defer></script>\n<script src="/assets/player.js" defer></script>');
  });

  it("loads dash.js for the path-token form with ?format=dash", async () => {
    const page = await (await app.request(`/watch/${TOKEN}/media1?format=dash`)).text();
    expect(page).toContain(`data-src="/p/${TOKEN}/media1/manifest.mpd" data-format="dash"`);
    expect(page).toContain('<script src="/assets/dash.all.min.js" defer></script>');
  });

  it.each([
    { name: "no token", path: "/watch/media1", problem: "has no playback token" },
    { name: "malformed token", path: `/watch/media1?token=${encodeURIComponent('a.b.c"><script>')}`, problem: "token is malformed" },
    { name: "bad playback id", path: `/watch/${TOKEN}/${encodeURIComponent("<img src=x>")}`, problem: "names no valid video" },
  ])("answers 400 with the problem shown and no scripts: $name", async ({ path, problem }) => {
    const response = await app.request(path);
    expect(response.status).toBe(400);
    expectStrictPage(response, "'self'");
    const page = await response.text();
    expect(page).toContain(problem);
    expect(page).not.toContain("<script");
    expect(page).not.toContain("<img");
  });
});

describe("player clock", () => {
  it("answers the edge clock as ISO 8601, uncached", async () => {
    const response = await app.request("/time");
    expect(await response.text()).toBe("2026-11-26T12:00:00.000Z");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});

describe("page assets", () => {
  it.each([
    { path: "/assets/dashboard.js", type: "text/javascript; charset=utf-8", contains: '"tributary.apiKey"', cache: "no-cache" },
    { path: "/assets/player.js", type: "text/javascript; charset=utf-8", contains: "urn:mpeg:dash:utc:http-iso:2014", cache: "no-cache" },
    { path: "/assets/pages.css", type: "text/css; charset=utf-8", contains: ".visually-hidden", cache: "no-cache" },
    { path: "/assets/hls.min.js", type: "text/javascript; charset=utf-8", contains: "lowLatencyMode", cache: "public, max-age=86400" },
    { path: "/assets/dash.all.min.js", type: "text/javascript; charset=utf-8", contains: "MediaPlayer", cache: "public, max-age=86400" },
    { path: "/assets/uPlot.iife.min.js", type: "text/javascript; charset=utf-8", contains: "uPlot", cache: "public, max-age=86400" },
    { path: "/assets/uPlot.min.css", type: "text/css; charset=utf-8", contains: ".uplot", cache: "public, max-age=86400" },
    { path: "/assets/usage.js", type: "text/javascript; charset=utf-8", contains: "groupBy", cache: "no-cache" },
  ])("serves $path", async ({ path, type, contains, cache }) => {
    const response = await app.request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe(cache);
    expect(await response.text()).toContain(contains);
  });

  it.each(["/assets/dashboard.js", "/assets/player.js", "/assets/usage.js"])("bundles %s from the client modules into one classic script", async (path) => {
    const script = await (await app.request(path)).text();
    // A classic deferred script: one IIFE, no module syntax, and no type-only import left behind.
    expect(script).toMatch(/^"use strict";\(\(\)=>\{/);
    expect(script).not.toMatch(/^\s*(import|export)\s/m);
    expect(script).not.toContain("zod");
  });

  it("answers 404 for unknown names, and for scripts on an edge without the assets port", async () => {
    expect((await app.request("/assets/secrets.json")).status).toBe(404);
    expect((await app.request("/assets/api-client.ts")).status).toBe(404);
    expect((await bare.request("/assets/hls.min.js")).status).toBe(404);
    expect((await bare.request("/assets/player.js")).status).toBe(404);
    expect((await bare.request("/assets/pages.css")).status).toBe(200);
  });
});
