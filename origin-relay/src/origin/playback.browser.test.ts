// End to end: real ffmpeg (low-latency ladder: 360p + AAC, ~12 s of testsrc2 at its native rate) →
// CmafSegmenter → LiveMedia → origin server over HTTP → hls.js (lowLatencyMode) and dash.js (LL-DASH)
// in headless Chromium. Playlists fetched along the way go through the LL-HLS rules checker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { systemClock } from "#core/clock.ts";
import { launchChromium } from "#test/support/browser.ts";
import { checkLlHls } from "#transcoder/testing/hls-rules/check-ll-hls.ts";
import { LiveMediaRegistry } from "./registry.ts";
import { createOriginServer } from "./server.ts";
import type { OriginServer } from "./server.ts";
import { startFfmpegFeed } from "./testing/ffmpeg-feed.ts";
import type { Feed } from "./testing/ffmpeg-feed.ts";
import { startPlayerPage } from "./testing/player-page.ts";
import type { PlayerPageServer, PlayerStats } from "./testing/player-page.ts";

const SECONDS = 12;
let origin: OriginServer;
let pages: PlayerPageServer;
let browser: Browser;
let feed: Feed;
const media = (path: string) => `${origin.url}/media/live1/${path}`;

beforeAll(async () => {
  const registry = new LiveMediaRegistry();
  origin = await createOriginServer({ registry, clock: systemClock, host: "127.0.0.1", port: 0, waitPolicy: { maxWaitMs: 6000 } });
  pages = await startPlayerPage();
  browser = await launchChromium();
  feed = startFfmpegFeed({ mediaId: "live1", clock: systemClock, seconds: SECONDS });
  registry.add(feed.media);
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await origin?.close();
});

interface Played {
  stats: PlayerStats;
  frames: number;
  advanced: number;
  /** Paths the player fetched from the origin, with their query. */
  requests: string[];
}

/** Opens the page and waits for a first frame and for playback to advance by a second. */
async function play(page: Page, url: string): Promise<Played> {
  const requests: string[] = [];
  page.on("request", (request) => {
    const u = new URL(request.url());
    if (u.origin === origin.url) requests.push(`${u.pathname}${u.search}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => {
    const s = (window as unknown as { stats: PlayerStats }).stats;
    return s.firstFrameMs !== null || s.fatal !== null;
  }, undefined, { timeout: 15_000 });
  const start = await page.evaluate(() => document.querySelector("video")?.currentTime ?? 0);
  await page.waitForFunction((t0) => (document.querySelector("video")?.currentTime ?? 0) > t0 + 1 || (window as unknown as { stats: PlayerStats }).stats.fatal !== null, start, { timeout: 10_000 });
  const played = await page.evaluate((t0) => {
    const video = document.querySelector("video") as HTMLVideoElement;
    return { stats: (window as unknown as { stats: PlayerStats }).stats, frames: video.getVideoPlaybackQuality().totalVideoFrames, advanced: video.currentTime - t0 };
  }, start);
  return { ...played, requests };
}

describe("live LL-HLS and LL-DASH from the relay origin", () => {
  it("serves valid LL-HLS playlists from real ffmpeg output, with blocking reload", async () => {
    const first = await fetch(media("360p/index.m3u8"));
    expect(first.status).toBe(200);
    const text = await first.text();
    expect(checkLlHls(text, { renditionReports: 1 })).toEqual([]);
    const next = feed.media.lastMsn("360p") ?? 0;
    const blocked = await (await fetch(media(`audio/index.m3u8?_HLS_msn=${next}&_HLS_part=4&_HLS_skip=YES`))).text();
    expect(checkLlHls(blocked, { renditionReports: 1 })).toEqual([]);
    expect(blocked).toContain(`URI="${next}.4.m4s"`);
  }, 20_000);

  it("plays in hls.js (lowLatencyMode) and dash.js (low latency) at once", async () => {
    const [hls, dash] = await Promise.all([
      browser.newPage().then((p) => play(p, pages.pageUrl("hls", media("master.m3u8")))),
      browser.newPage().then((p) => play(p, pages.pageUrl("dash", media("manifest.mpd")))),
    ]);
    for (const played of [hls, dash]) {
      expect(played.stats.fatal).toBeNull();
      expect(played.frames).toBeGreaterThan(0);
      expect(played.advanced).toBeGreaterThan(1);
    }
    // Low latency really was in use: hls.js made blocking reloads and fetched parts; dash.js fetched
    // segments from the MPD's number template (the in-progress one arrives chunked).
    expect(hls.requests.some((r) => /\/index\.m3u8\?.*_HLS_msn=\d+&_HLS_part=\d+/.test(r))).toBe(true);
    expect(hls.requests.some((r) => /\/360p\/\d+\.\d+\.m4s$/.test(r))).toBe(true);
    expect(dash.requests.some((r) => /\/360p\/\d+\.m4s$/.test(r))).toBe(true);
  }, 40_000);

  it("ends cleanly with every part within PART-TARGET", async () => {
    const exit = await feed.done;
    expect(exit, exit.lastStderr.join("\n")).toMatchObject({ exitCode: 0, signal: null });
    expect(feed.media.partTargetOverruns).toBe(0);
    const final = await (await fetch(media("360p/index.m3u8"))).text();
    expect(final).toContain("#EXT-X-ENDLIST\n");
    expect(final).not.toContain("#EXT-X-PRELOAD-HINT");
    expect(checkLlHls(final, { renditionReports: 1 })).toEqual([]);
  }, 30_000);
});
