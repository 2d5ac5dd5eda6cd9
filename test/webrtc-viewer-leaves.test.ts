// A WHEP viewer that goes away without saying so (its tab closes) is noticed within the silence
// timeout: its peer is closed, and the relay holds no more sockets or timers than before it came.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { playbackUrls } from "../scripts/platform/banner.ts";
import { launchChromium } from "./support/browser.ts";
import { createLiveStream, startLivePlatform, until, type LivePlatform } from "./support/live.ts";
import { publishTestPattern } from "./support/publisher.ts";
import { playInPage, waitForDecodedFrames } from "./support/webrtc-page.ts";

const SILENCE_TIMEOUT_MS = 3_000;
let platform: LivePlatform;
let browser: Browser;

beforeAll(async () => {
  platform = await startLivePlatform({ webrtc: { silenceTimeoutMs: SILENCE_TIMEOUT_MS } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

/** Sockets and timers this process holds, by kind (UDPWrap, TCPServerWrap, TCPSocketWrap, Timeout). */
function transportResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) if (kind !== "FSReqCallback") counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

async function metric(name: string): Promise<number | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${platform.config.relay.httpPort}/metrics`)).text();
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(" ")[1]);
}

describe("a WHEP viewer who leaves", () => {
  it("frees its transport within the silence timeout, leaking no sockets or timers", async () => {
    const { stream, streamKey } = await createLiveStream(platform, { reconnectWindowSeconds: 0 });
    const rtmp = publishTestPattern(`rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}`, { seconds: 60, width: 320, height: 240, gop: 30 });
    try {
      await until("the stream to be live", async () => (platform.events.some((e) => e.type === "stream.live" && e.data["streamId"] === stream.id) ? true : undefined), 30_000);
      const { whep } = await playbackUrls(platform, stream.id);
      // A first viewer warms the paths a viewer uses (the edge's token cache, keep-alive sockets to the relay).
      const warm = await browser.newPage();
      await warm.goto(`${platform.edgeUrl}/healthz`);
      const first = await playInPage(warm, whep);
      await waitForDecodedFrames(warm, 10);
      await warm.evaluate(async (url) => void (await fetch(url, { method: "DELETE" })), `${platform.edgeUrl}${first.location}`);
      await warm.close();
      const before = transportResources();

      const page = await browser.newPage();
      await page.goto(`${platform.edgeUrl}/healthz`);
      expect((await playInPage(page, whep)).status).toBe(201);
      await waitForDecodedFrames(page, 10);
      const watching = transportResources();
      expect(watching["UDPWrap"] ?? 0).toBeGreaterThan(before["UDPWrap"] ?? 0);
      expect(platform.relay?.webrtc.whep.viewers).toBe(1);
      expect(await metric("tributary_whep_viewers")).toBe(1);

      await page.close();
      // Bounded by the silence timeout (and ICE consent, whichever notices first), with room for a busy machine.
      await until("the viewer to be noticed gone", async () => (platform.relay?.webrtc.whep.viewers === 0 ? true : undefined), SILENCE_TIMEOUT_MS * 5);
      await until("its sockets and timers to be released", async () => {
        const after = transportResources();
        return ["UDPWrap", "TCPServerWrap", "Timeout"].every((kind) => (after[kind] ?? 0) <= (before[kind] ?? 0)) ? after : undefined;
      }, 10_000);
      expect(platform.relay?.streams.get(stream.id)?.realtime.viewers).toBe(0);
      expect(await metric("tributary_whep_viewers")).toBe(0);
      expect(await metric("tributary_whep_delivered_seconds_total")).toBeGreaterThan(0);
    } finally {
      rtmp.stop();
      await rtmp.exited;
    }
  });
});
