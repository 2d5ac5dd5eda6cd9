// Low latency end to end: ffmpeg publishes RTMP to the platform; hls.js (lowLatencyMode) and dash.js
// (low latency) play the stream through the edge, which routes live playlists and parts to the relay's
// origin. Every live playlist seen goes through the LL-HLS rules checker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { createStream } from "#core/records/streams.ts";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { checkLlHls } from "#transcoder/testing/hls-rules/check-ll-hls.ts";
import { startPlayerPage, type PlayerPageServer, type PlayerStats } from "#relay/origin/testing/player-page.ts";
import { playbackUrls } from "../scripts/platform/banner.ts";
import { launchChromium } from "./support/browser.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";
import { publishTestPattern, type Publisher } from "./support/publisher.ts";

let platform: TestPlatform;
let pages: PlayerPageServer;
let browser: Browser;
let publisher: Publisher;
let urls: { hls: string; dash: string };

beforeAll(async () => {
  platform = await startTestPlatform();
  pages = await startPlayerPage();
  browser = await launchChromium();
  const { stream, streamKey } = await createStream(platform.records, LOCAL_TENANT_ID, {
    name: "low latency",
    latencyMode: "low",
    ladder: [{ name: "360p", width: 640, height: 360, bitrate: 600_000, preset: "ultrafast" }],
  });
  urls = await playbackUrls(platform, stream.id);
  publisher = publishTestPattern(`rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}`, { seconds: 25, width: 640, height: 360, gop: 30 });
  // The first whole segment through the edge means the relay's live origin is serving.
  for (let i = 0; i < 200; i++) {
    const response = await fetch(urls.hls.replace("master.m3u8", "360p/index.m3u8"));
    if (response.status === 200 && (await response.text()).includes("#EXT-X-PART:")) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the live playlist never listed a part");
});

afterAll(async () => {
  publisher?.stop();
  await publisher?.exited;
  await browser?.close();
  await pages?.close();
  await platform?.stop();
});

async function play(page: Page, url: string): Promise<{ stats: PlayerStats; frames: number; advanced: number }> {
  await page.goto(url);
  await page.waitForFunction(() => {
    const s = (window as unknown as { stats: PlayerStats }).stats;
    return s.firstFrameMs !== null || s.fatal !== null;
  }, undefined, { timeout: 20_000 });
  const start = await page.evaluate(() => document.querySelector("video")?.currentTime ?? 0);
  await page.waitForFunction((t0) => (document.querySelector("video")?.currentTime ?? 0) > t0 + 1 || (window as unknown as { stats: PlayerStats }).stats.fatal !== null, start, { timeout: 15_000 });
  return page.evaluate((t0) => {
    const video = document.querySelector("video") as HTMLVideoElement;
    return { stats: (window as unknown as { stats: PlayerStats }).stats, frames: video.getVideoPlaybackQuality().totalVideoFrames, advanced: video.currentTime - t0 };
  }, start);
}

describe("low-latency live through the edge", () => {
  it("serves LL-HLS playlists that pass every rule, with blocking reload through the edge", async () => {
    const media = urls.hls.replace("master.m3u8", "360p/index.m3u8");
    const text = await (await fetch(media)).text();
    expect(checkLlHls(text, { renditionReports: 1 })).toEqual([]);
    const msn = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1] ?? 0) + (text.match(/#EXTINF/g)?.length ?? 0);
    const blocked = await fetch(`${media}?_HLS_msn=${msn}&_HLS_part=0`);
    expect(blocked.status).toBe(200);
    expect(blocked.headers.get("cache-control")).toBe("no-cache, no-store");
    const body = await blocked.text();
    expect(checkLlHls(body, { renditionReports: 1 })).toEqual([]);
    expect(body).toContain(`URI="${msn}.0.m4s"`);
    expect((await fetch(`${media}?_HLS_msn=${msn + 10}`)).status).toBe(400);
  });

  it("plays in hls.js with lowLatencyMode and in dash.js", async () => {
    const [hls, dash] = await Promise.all([
      browser.newPage().then((p) => play(p, pages.pageUrl("hls", urls.hls))),
      browser.newPage().then((p) => play(p, pages.pageUrl("dash", urls.dash))),
    ]);
    for (const played of [hls, dash]) {
      expect(played.stats.fatal).toBeNull();
      expect(played.frames).toBeGreaterThan(0);
      expect(played.advanced).toBeGreaterThan(1);
    }
  });
});
