// WHIP end to end: Chromium publishes its fake camera and microphone over WebRTC into the relay; the
// stream goes through the same broadcast as RTMP (ladder, CMAF, recording) and plays over HLS
// through the edge, and over WHEP in a second page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { playbackUrls } from "../scripts/platform/banner.ts";
import { launchChromium } from "./support/browser.ts";
import { decodeStreams } from "./support/ffprobe.ts";
import { createLiveStream, startLivePlatform, until, waitForEnded, type LivePlatform } from "./support/live.ts";
import { publishFromPage } from "./support/webrtc-page.ts";

let platform: LivePlatform;
let browser: Browser;

beforeAll(async () => {
  platform = await startLivePlatform();
  browser = await launchChromium({ fakeMedia: true });
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

const whipUrl = (streamId: string) => `http://127.0.0.1:${platform.config.relay.httpPort}/whip/${streamId}`;

describe("WHIP ingest", () => {
  it("takes a browser's camera into the ladder, and the stream plays over HLS through the edge", async () => {
    const { stream, streamKey } = await createLiveStream(platform, { reconnectWindowSeconds: 0, recording: true });
    const page = await browser.newPage();
    await page.goto(`${platform.edgeUrl}/healthz`);
    const published = await publishFromPage(page, whipUrl(stream.id), streamKey);
    expect(published.status).toBe(201);
    expect(published.location).toMatch(new RegExp(`^/whip/${stream.id}/[0-9a-f-]{36}$`));
    await until("stream.live", async () => (platform.events.some((e) => e.type === "stream.live" && e.data["streamId"] === stream.id) ? true : undefined), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const deleted = await page.evaluate(async (url) => (await fetch(url, { method: "DELETE" })).status, `http://127.0.0.1:${platform.config.relay.httpPort}${published.location}`);
    expect(deleted).toBe(200);
    await page.close();
    await waitForEnded(platform, stream.id);

    const { hls } = await playbackUrls(platform, stream.id);
    const master = await (await fetch(hls)).text();
    expect(master).toContain("mp4a.40.2");
    for (const rendition of ["360p", "audio"]) {
      const decoded = await decodeStreams(hls.replace("master.m3u8", `${rendition}/index.m3u8`));
      expect(decoded.some((s) => s.frames > 30)).toBe(true);
    }
  });
});
