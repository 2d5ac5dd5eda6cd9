// Billing is exact: the sample VOD is played through the Node edge by ffmpeg and by hls.js in
// Chromium, behind a proxy that counts every body byte the players received. The usage the DuckDB
// engine reads back from the edge's own gzip NDJSON objects must bill exactly those bytes and
// responses, per rendition, and the media seconds of every video segment sent as its playlist's
// EXTINF says; replaying every usage object a second time must change nothing.
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantInvoice } from "#core/billing/invoice.ts";
import { defaultPriceBook } from "#core/billing/price-book.ts";
import type { UsageRow } from "#core/billing/usage-query-engine.ts";
import { usageSql } from "#core/billing/usage-sql.ts";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { keys } from "#core/storage/keys.ts";
import { DuckDbUsageEngine } from "#core-node/duckdb-usage-engine.ts";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { startPlayerPage, type PlayerPageServer } from "#relay/origin/testing/player-page.ts";
import { playbackUrls } from "../scripts/platform/banner.ts";
import { ensureSampleVod } from "../scripts/platform/demo.ts";
import { launchChromium } from "./support/browser.ts";
import { startCountingProxy, type CountingProxy } from "./support/counting-proxy.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

const run = promisify(execFile);

let platform: TestPlatform;
let proxy: CountingProxy;
let pages: PlayerPageServer;
let browser: Browser;
let engine: DuckDbUsageEngine;
let store: FsObjectStore;
let hls: string;
let mediaId: string;
let closed = false;
const startedAt = new Date(Date.now() - 3_600_000).toISOString();

beforeAll(async () => {
  platform = await startTestPlatform();
  mediaId = await ensureSampleVod(platform.records, LOCAL_TENANT_ID, platform.tools, platform.log, {
    seconds: 4,
    width: 640,
    height: 360,
    ladder: { rungs: [{ name: "360p", width: 640, height: 360, bitrate: 700_000, preset: "ultrafast" }, { name: "240p", width: 426, height: 240, bitrate: 350_000, preset: "ultrafast" }] },
  });
  proxy = await startCountingProxy(platform.edgeUrl ?? "");
  hls = (await playbackUrls(platform, mediaId)).hls.replace(platform.edgeUrl ?? "", proxy.url);
  pages = await startPlayerPage();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await proxy?.close();
  await engine?.close();
  // The first test closed the platform to flush its usage; only its data directory is left.
  if (closed) await rm(platform.dataDir, { recursive: true, force: true });
  else await platform?.stop();
});

/** The rendition a playback path names (`/p/<token>/<media>/360p/0.m4s`), or "" for top-level files. */
const renditionOf = (path: string) => path.split("/").slice(4, -1).join("/");

function sumBy(entries: readonly { key: string; bytes: number }[]): Record<string, { requests: number; bytes: number }> {
  const totals: Record<string, { requests: number; bytes: number }> = {};
  for (const { key, bytes } of entries) {
    const total = (totals[key] ??= { requests: 0, bytes: 0 });
    total.requests++;
    total.bytes += bytes;
  }
  return totals;
}

/** Milliseconds per segment file of a rendition, from the VOD playlist in storage (not through the edge, which would bill it). */
async function playlistMilliseconds(rendition: string): Promise<Map<string, number>> {
  const object = await store.get(keys.mediaPlaylist(mediaId, rendition));
  const text = await new Response(object?.body).text();
  const durations = new Map<string, number>();
  for (const [, seconds, uri] of text.matchAll(/#EXTINF:([\d.]+),[^\n]*\n(?:#[^\n]*\n)*([^#\n][^\n]*)/g)) durations.set(String(uri).trim(), Math.round(Number(seconds) * 1000));
  return durations;
}

async function billedByRendition(): Promise<Record<string, { requests: number; bytes: number; deliveredMs: number }>> {
  const { sql, scope } = usageSql({ tenant: { tenantId: LOCAL_TENANT_ID }, from: startedAt, to: new Date(Date.now() + 3_600_000).toISOString(), granularity: "day", groupBy: ["rendition"] });
  const rows: UsageRow[] = await engine.run(sql, scope);
  return Object.fromEntries(rows.map((r) => [String(r["rendition"] ?? ""), { requests: Number(r["requests"]), bytes: Number(r["egress_bytes"]), deliveredMs: Number(r["delivered_ms"]) }]));
}

describe("billing exactness through the edge", () => {
  it("bills exactly the bytes and responses ffmpeg and hls.js received, per rendition", async () => {
    await run("ffmpeg", ["-v", "error", "-nostdin", "-i", hls, "-map", "0", "-f", "null", "-"], { timeout: 60_000 });
    const page = await browser.newPage();
    await page.goto(pages.pageUrl("hls", hls, { ll: "0" }));
    await page.waitForFunction(() => {
      const video = document.querySelector("video");
      return (video !== null && (video.ended || video.currentTime >= 3.5)) || (window as unknown as { stats: { fatal: string | null } }).stats.fatal !== null;
    }, undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { stats: { fatal: string | null } }).stats.fatal)).toBeNull();
    await page.close();
    await proxy.idle();
    // Closing the platform flushes the edge's buffered usage records to storage.
    await platform.close();
    closed = true;
    store = new FsObjectStore({ root: join(platform.dataDir, "storage"), durable: false });
    engine = new DuckDbUsageEngine({ store, dir: join(platform.dataDir, "usage-engine-test") });

    const sent = sumBy(proxy.responses.map((r) => ({ key: renditionOf(r.path), bytes: r.bytes })));
    expect(Object.keys(sent).sort()).toEqual(["", "240p", "360p", "audio"]);
    // Delivered time counts video segments (audio covers the same minutes again), each at its EXTINF.
    const expectedMs: Record<string, number> = { "": 0, audio: 0 };
    for (const rendition of ["240p", "360p"]) {
      const durations = await playlistMilliseconds(rendition);
      const segments = proxy.responses.filter((r) => renditionOf(r.path) === rendition && /\/\d+\.m4s$/.test(r.path));
      expect(segments.length).toBeGreaterThanOrEqual(durations.size);
      expectedMs[rendition] = segments.reduce((sum, r) => sum + (durations.get(r.path.split("/").pop() ?? "") ?? Number.NaN), 0);
    }
    const billed = await billedByRendition();
    expect(billed).toEqual(Object.fromEntries(Object.entries(sent).map(([rendition, total]) => [rendition, { ...total, deliveredMs: expectedMs[rendition] }])));
    const invoice = await tenantInvoice({ engine, priceBook: () => Promise.resolve(defaultPriceBook) }, LOCAL_TENANT_ID, startedAt.slice(0, 7));
    const total = proxy.responses.reduce((sum, r) => sum + r.bytes, 0);
    expect(invoice.lines.find((l) => l.product === "egress")?.source.baseQuantity).toBe(String(total));
  });

  it("counts nothing twice when every usage object is replayed under a new key", async () => {
    const before = await billedByRendition();
    let replayed = 0;
    let cursor: string | undefined;
    do {
      const page = await store.list({ prefix: "usage/", ...(cursor === undefined ? {} : { cursor }) });
      for (const object of page.objects.filter((o) => !o.key.includes("-replay"))) {
        const body = await store.get(object.key);
        await store.put(object.key.replace(/\.ndjson\.gz$/, "-replay.ndjson.gz"), new Uint8Array(await new Response(body?.body).arrayBuffer()), { ifNoneMatch: "*" });
        replayed++;
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(replayed).toBeGreaterThan(0);
    expect(await billedByRendition()).toEqual(before);
  });
});
