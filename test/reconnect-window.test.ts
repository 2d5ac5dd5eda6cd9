// Reconnect window end to end: an RTMP publisher is killed mid-stream and a publisher at another
// picture size returns within the stream's 10 s window. The same media id continues: every segment
// received before the drop stays stored and listed, the playlist carries EXT-X-DISCONTINUITY, hls.js
// in Chromium plays across the gap without a fatal error, and the window's end finalizes the event.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keys } from "#core/storage/keys.ts";
import { startPlayerPage, type PlayerPageServer, type PlayerStats } from "#relay/origin/testing/player-page.ts";
import { playbackUrls } from "../scripts/platform/banner.ts";
import { launchChromium } from "./support/browser.ts";
import { decodeStreams } from "./support/ffprobe.ts";
import { publishTestPattern } from "./support/publisher.ts";
import { createLiveStream, livePointer, startLivePlatform, text, until, type LivePlatform } from "./support/live.ts";

let platform: LivePlatform;
let browser: Browser;
let pages: PlayerPageServer;

beforeAll(async () => {
  [platform, browser, pages] = await Promise.all([startLivePlatform(), launchChromium(), startPlayerPage()]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), pages?.close()]);
  await platform?.stop();
});

const segmentNumbers = (playlist: string) => playlist.split("\n").filter((l) => l.endsWith(".m4s")).map((l) => Number(l.replace(".m4s", "")));
const stats = (page: Page) => page.evaluate(() => (window as unknown as { stats: PlayerStats }).stats);
const currentTime = (page: Page) => page.evaluate(() => (document.getElementById("v") as HTMLVideoElement).currentTime);

describe("a publisher that returns inside the reconnect window", () => {
  it("continues the same media with a discontinuity, loses nothing, and keeps hls.js playing", async () => {
    const { stream, streamKey } = await createLiveStream(platform, { reconnectWindowSeconds: 10 });
    const rtmp = `rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}`;
    const first = publishTestPattern(rtmp, { seconds: 60, width: 640, height: 360 });
    const mediaId = (await until("the live pointer", () => livePointer(platform, stream.id))).mediaId;
    const playlistKey = keys.mediaPlaylist(mediaId, "360p");
    await until("three segments", async () => (segmentNumbers((await text(platform, playlistKey)) ?? "").length >= 3 ? true : undefined));

    const { hls } = await playbackUrls(platform, stream.id);
    const page = await browser.newPage();
    await page.goto(pages.pageUrl("hls", hls, { ll: "0" }));
    await until("the first frame", async () => ((await stats(page)).firstFrameMs !== null ? true : undefined));

    first.process.kill("SIGKILL");
    await first.exited;
    await until("reconnecting", async () => ((await livePointer(platform, stream.id))?.state === "reconnecting" ? true : undefined));
    const playedAtDrop = await currentTime(page);

    const second = publishTestPattern(rtmp, { seconds: 8, width: 480, height: 270 });
    await until("live again", async () => ((await livePointer(platform, stream.id))?.state === "live" ? true : undefined));
    expect((await livePointer(platform, stream.id))?.mediaId).toBe(mediaId);
    await until("a discontinuity in the playlist", async () => ((await text(platform, playlistKey))?.includes("#EXT-X-DISCONTINUITY") ? true : undefined));
    await until("hls.js playing past the gap", async () => ((await currentTime(page)) > playedAtDrop + 3 ? true : undefined), 40_000);
    expect((await stats(page)).fatal).toBeNull();
    await page.close();

    expect((await second.exited).code).toBe(0);
    await until("the window to close", async () => ((await livePointer(platform, stream.id))?.state === "ended" ? true : undefined));
    const final = (await text(platform, playlistKey)) ?? "";
    expect(final).toContain("#EXT-X-ENDLIST");
    expect(final).toContain("#EXT-X-PLAYLIST-TYPE:VOD");
    // Contiguous from 0: nothing received before the drop was lost, and every listed segment is stored.
    const numbers = segmentNumbers(final);
    expect(numbers).toEqual(numbers.map((_n, i) => i));
    for (const n of numbers) expect(await platform.store.head(keys.segment(mediaId, "360p", n))).toBeDefined();

    // The recording is registered after the pointer says ended: wait for its event, then check the order.
    const streamEvents = () => platform.events.filter((e) => e.data["streamId"] === stream.id).map((e) => e.type);
    await until("recording.ready", async () => (streamEvents().includes("recording.ready") ? true : undefined));
    expect(streamEvents()).toEqual([
      "stream.connected", "stream.live", "stream.disconnected", "stream.connected", "stream.disconnected", "stream.ended", "recording.ready",
    ]);
    const video = (await decodeStreams(hls.replace("master.m3u8", "360p/index.m3u8"))).find((s) => s.codecType === "video");
    expect(video?.frames).toBeGreaterThan(10 * 30);
  });
});
