// End to end: real ffmpeg makes a clear video + audio ladder, our segmenter cuts it and our encryptors
// protect it; the MPD carries our ContentProtection descriptors; Shaka Player in headless Chromium
// plays it through EME ClearKey, fetching the key from the license URL the MPD names.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "#test/support/browser.ts";
import { renditionFiles } from "#core/storage/keys.ts";
import { base64url } from "#core/crypto/bytes.ts";
import { mpdPlan } from "../cmaf/package-model.ts";
import type { PackageView, RenditionState } from "../cmaf/package-model.ts";
import { contentProtection } from "../dash/content-protection.ts";
import { serializeMpd } from "../playlist/mpd-serializer.ts";
import { createCommonEncryptor } from "./encryptor-factory.ts";
import type { ContentKey } from "./media-encryptor.ts";
import { clearTrack, testSourceArgs } from "./testing/clear-cmaf.ts";
import type { ClearTrack } from "./testing/clear-cmaf.ts";
import { startClearKeyServer } from "./testing/clearkey-server.ts";
import type { ClearKeyServer } from "./testing/clearkey-server.ts";

const KEY: ContentKey = { kid: Uint8Array.from(Buffer.from("2f4c9a1e0b7d4e6f8a3b5c7d9e1f2a3b", "hex")), key: Uint8Array.from(Buffer.from("5d1e7f3a9c2b4d6e8f0a1b3c5d7e9f21", "hex")) };
const SECONDS = 6;

let server: ClearKeyServer;
let browser: Browser;
let tracks: { video: ClearTrack; audio: ClearTrack };

beforeAll(async () => {
  const [video, audio] = await Promise.all([clearTrack(testSourceArgs("video", SECONDS)), clearTrack(testSourceArgs("audio", SECONDS))]);
  tracks = { video, audio };
  [server, browser] = await Promise.all([startClearKeyServer(KEY), launchChromium()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Encrypts both tracks under `scheme` and stores them with an MPD under `/media/<scheme>/`. */
function publish(scheme: "cenc" | "cbcs"): string {
  const renditions: RenditionState[] = [];
  for (const [name, track] of Object.entries(tracks) as [keyof typeof tracks, ClearTrack][]) {
    const encryptor = createCommonEncryptor(scheme);
    server.media.set(`${scheme}/${name}/${renditionFiles.init(0)}`, { body: encryptor.init(track.init, KEY), contentType: `${name}/mp4` });
    for (const s of track.segments) server.media.set(`${scheme}/${name}/${renditionFiles.segment(s.sequence)}`, { body: encryptor.fragment(s.bytes, KEY, s.sequence), contentType: `${name}/mp4` });
    renditions.push({
      config: { name, kind: name, bandwidth: name === "video" ? 400_000 : 64_000, ...(name === "video" ? { frameRate: 15 } : {}) },
      inits: [track.header],
      segments: track.segments.map((s) => ({ sequence: s.sequence, decodeTime: s.decodeTime, duration: s.duration, timescale: s.timescale, size: s.bytes.byteLength, discontinuity: false, initVersion: 0, programDateTime: new Date(0) })),
    });
  }
  const view: PackageView = { renditions, windowSize: undefined, targetDuration: 2, ended: true, anchorMs: 0, now: new Date(0) };
  const mpd = serializeMpd({ ...mpdPlan(view), contentProtection: contentProtection({ scheme, kid: KEY.kid, clearKeyLicenseUrl: `${server.url}/license` }) });
  server.media.set(`${scheme}/manifest.mpd`, { body: mpd, contentType: "application/dash+xml" });
  return `${server.url}/media/${scheme}/manifest.mpd`;
}

interface Outcome {
  error: string | null;
  currentTime: number;
  frames: number;
}

/** Opens the player page and waits until playback passes 2 s or the player reports an error. */
async function play(page: Page, src: string): Promise<Outcome> {
  await page.goto(`${server.url}/player.html?${new URLSearchParams({ src }).toString()}`);
  await page.waitForFunction(() => {
    const video = document.querySelector("video");
    return (window as unknown as { stats: { error: string | null } }).stats.error !== null || (video?.currentTime ?? 0) > 2;
  }, undefined, { timeout: 20_000 });
  return page.evaluate(() => {
    const video = document.querySelector("video") as HTMLVideoElement;
    return { error: (window as unknown as { stats: { error: string | null } }).stats.error, currentTime: video.currentTime, frames: video.getVideoPlaybackQuality().totalVideoFrames };
  });
}

/** Whether this Chromium's ClearKey CDM takes `scheme` for H.264 (EME encryptionScheme, W3C EME §3.1.1.1). */
async function clearKeySupports(page: Page, scheme: "cenc" | "cbcs"): Promise<boolean> {
  await page.goto(`${server.url}/player.html`);
  return page.evaluate(async (encryptionScheme) => {
    try {
      await navigator.requestMediaKeySystemAccess("org.w3.clearkey", [{ initDataTypes: ["cenc"], videoCapabilities: [{ contentType: 'video/mp4; codecs="avc1.64000d"', encryptionScheme }] }]);
      return true;
    } catch {
      return false;
    }
  }, scheme);
}

describe("encrypted DASH through EME ClearKey in Chromium (Shaka Player)", () => {
  it("plays a cenc presentation, asking the license URL for the default KID", async () => {
    const src = publish("cenc");
    const page = await browser.newPage();
    const outcome = await play(page, src);
    await page.close();
    expect(outcome.error).toBeNull();
    expect(outcome.currentTime).toBeGreaterThan(2);
    expect(outcome.frames).toBeGreaterThan(0);
    expect(server.licenseRequests.flat()).toContain(base64url(KEY.kid));
  }, 40_000);

  it("does not play a cenc presentation when the license is refused", async () => {
    const src = publish("cenc");
    server.licensing.enabled = false;
    const page = await browser.newPage();
    const outcome = await play(page, src).finally(() => (server.licensing.enabled = true));
    await page.close();
    // shaka.util.Error.Code.LICENSE_REQUEST_FAILED
    expect(outcome.error).toBe("6007");
    expect(outcome.currentTime).toBeLessThan(0.5);
  }, 40_000);

  it("plays a cbcs presentation where Chromium's ClearKey CDM supports cbcs", async () => {
    const page = await browser.newPage();
    const supported = await clearKeySupports(page, "cbcs");
    expect(await clearKeySupports(page, "cenc")).toBe(true);
    if (!supported) {
      await page.close();
      console.warn("this Chromium's ClearKey CDM does not offer cbcs; cbcs is checked by ffmpeg only");
      return;
    }
    const outcome = await play(page, publish("cbcs"));
    await page.close();
    expect(outcome.error).toBeNull();
    expect(outcome.currentTime).toBeGreaterThan(2);
  }, 40_000);
});
