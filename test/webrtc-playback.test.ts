// WHEP end to end: viewers in Chromium play a live stream over WebRTC through the edge, which verifies
// their token and hands the offer to the relay that holds the stream. Sources: a WHIP publisher (a
// second Chromium page) and ffmpeg over RTMP, both forwarded without re-encoding.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { playbackUrls } from "../scripts/platform/banner.ts";
import { launchChromium } from "./support/browser.ts";
import { createLiveStream, startLivePlatform, until, type LivePlatform } from "./support/live.ts";
import { publishTestPattern } from "./support/publisher.ts";
import { playInPage, publishFromPage, waitForDecodedFrames } from "./support/webrtc-page.ts";

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

async function edgePage(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${platform.edgeUrl}/healthz`);
  return page;
}

const live = (streamId: string) => until("the stream to be live", async () => (platform.events.some((e) => e.type === "stream.live" && e.data["streamId"] === streamId) ? true : undefined), 30_000);

describe("WHEP playback", () => {
  it("plays a browser's WHIP stream in another page, in real time", async () => {
    const { stream, streamKey } = await createLiveStream(platform, { reconnectWindowSeconds: 0 });
    const publisher = await edgePage();
    const whip = `http://127.0.0.1:${platform.config.relay.httpPort}/whip/${stream.id}`;
    expect((await publishFromPage(publisher, whip, streamKey)).status).toBe(201);
    await until("the relay to hold the stream", async () => (platform.relay?.streams.get(stream.id)?.realtime.unplayable === undefined ? true : undefined));

    const viewer = await edgePage();
    const { whep } = await playbackUrls(platform, stream.id);
    const played = await playInPage(viewer, whep);
    expect(played.status).toBe(201);
    expect(played.location).toMatch(/^\/whep\/[^/]+\/[0-9a-z]+\/[0-9a-f-]{36}$/);
    const frames = await waitForDecodedFrames(viewer, 60);
    expect(frames).toMatchObject({ width: 640, height: 360 });
    expect(platform.relay?.streams.get(stream.id)?.realtime.viewers).toBe(1);

    // Leaving with DELETE frees the viewer's peer at once.
    const deleted = await viewer.evaluate(async (url) => (await fetch(url, { method: "DELETE" })).status, `${platform.edgeUrl}${played.location}`);
    expect(deleted).toBe(200);
    expect(platform.relay?.webrtc.whep.viewers).toBe(0);
    await Promise.all([viewer.close(), publisher.close()]);
  });

  it("plays an RTMP publisher's H.264 without re-encoding it", async () => {
    const { stream, streamKey } = await createLiveStream(platform, { reconnectWindowSeconds: 0 });
    const rtmp = publishTestPattern(`rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}`, { seconds: 30, width: 640, height: 360, gop: 30 });
    try {
      await live(stream.id);
      const viewer = await edgePage();
      const { whep } = await playbackUrls(platform, stream.id);
      expect((await playInPage(viewer, whep)).status).toBe(201);
      expect(await waitForDecodedFrames(viewer, 60)).toMatchObject({ width: 640, height: 360 });
      await viewer.close();
    } finally {
      rtmp.stop();
      await rtmp.exited;
    }
  });

  it("plays on the watch page with ?format=whep, with a latency readout", async () => {
    const { stream, streamKey } = await createLiveStream(platform, { reconnectWindowSeconds: 0 });
    const rtmp = publishTestPattern(`rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}`, { seconds: 30, width: 640, height: 360, gop: 30 });
    try {
      await live(stream.id);
      const { page: watch } = await playbackUrls(platform, stream.id);
      const page = await browser.newPage();
      await page.goto(`${watch}?format=whep`);
      await page.waitForSelector('#player[data-state="playing"]', { timeout: 30_000 });
      await page.waitForFunction(() => /^\d+\.\d s$/.test(document.querySelector("#latency")?.textContent ?? ""), undefined, { timeout: 10_000 });
      expect(await page.evaluate(() => (document.querySelector("#video") as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames)).toBeGreaterThan(0);
      await page.close();
      await until("the page's session to be deleted", async () => (platform.relay?.webrtc.whep.viewers === 0 ? true : undefined), 15_000);
    } finally {
      rtmp.stop();
      await rtmp.exited;
    }
  });

  it("refuses WHEP for a source with B-frames, which only a re-encode could send", async () => {
    const { stream, streamKey } = await createLiveStream(platform, { reconnectWindowSeconds: 0 });
    const rtmp = publishTestPattern(`rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}`, { seconds: 20, width: 320, height: 240, bframes: 2 });
    try {
      await until("the relay to see reordered frames", async () => (platform.relay?.streams.get(stream.id)?.realtime.unplayable?.includes("B-frames") === true ? true : undefined));
      const page = await edgePage();
      const { whep } = await playbackUrls(platform, stream.id);
      expect((await playInPage(page, whep)).status).toBe(409);
      await page.close();
    } finally {
      rtmp.stop();
      await rtmp.exited;
    }
  });

  it("refuses a viewer without a token, or with a token for another stream", async () => {
    const { stream, streamKey } = await createLiveStream(platform, { reconnectWindowSeconds: 0 });
    const other = await createLiveStream(platform);
    const rtmp = publishTestPattern(`rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}`, { seconds: 20, width: 320, height: 240 });
    try {
      await live(stream.id);
      const offer = { method: "POST", body: "v=0", headers: { "content-type": "application/sdp" } };
      const { whep } = await playbackUrls(platform, stream.id);
      const { whep: otherWhep } = await playbackUrls(platform, other.stream.id);
      const foreignToken = new URL(otherWhep).pathname.split("/")[2] ?? "";
      expect((await fetch(`${platform.edgeUrl}/whep/${stream.id}`, offer)).status).toBe(401);
      expect((await fetch(`${platform.edgeUrl}/whep/not-a-token/${stream.id}`, offer)).status).toBe(401);
      expect((await fetch(`${platform.edgeUrl}/whep/${foreignToken}/${stream.id}`, offer)).status).toBe(403);
      // A well-formed request reaches the relay, which refuses the garbage offer.
      expect((await fetch(whep, offer)).status).toBe(400);
      expect((await fetch(otherWhep, offer)).status).toBe(404); // the other stream is not live
    } finally {
      rtmp.stop();
      await rtmp.exited;
    }
  });
});
