// An aes-128 low-latency live stream with a new key every 2 segments: ffmpeg publishes RTMP, the relay
// encrypts segments and every LL-HLS part, the edge delivers keys at /k/ with the viewer's token.
// hls.js plays it in headless Chromium, with parts and without, across several key rotations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { createStream } from "#core/records/streams.ts";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { checkLlHls } from "#transcoder/testing/hls-rules/check-ll-hls.ts";
import { startPlayerPage, type PlayerPageServer } from "#relay/origin/testing/player-page.ts";
import { playbackUrls } from "../scripts/platform/banner.ts";
import { launchChromium } from "./support/browser.ts";
import { decodedFrames, decryptSegment, fetchBytes, keyUris, watch } from "./support/encrypted-media.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";
import { publishTestPattern, type Publisher } from "./support/publisher.ts";

let platform: TestPlatform;
let pages: PlayerPageServer;
let browser: Browser;
let publisher: Publisher;
let urls: { hls: string; dash: string };
let media: string;

beforeAll(async () => {
  platform = await startTestPlatform();
  [pages, browser] = await Promise.all([startPlayerPage(), launchChromium()]);
  const { stream, streamKey } = await createStream(platform.records, LOCAL_TENANT_ID, {
    name: "encrypted",
    latencyMode: "low",
    encryption: "aes-128",
    keyRotationSegments: 2,
    ladder: [{ name: "360p", width: 640, height: 360, bitrate: 600_000, preset: "ultrafast" }],
  });
  urls = await playbackUrls(platform, stream.id);
  media = urls.hls.replace("master.m3u8", "360p/index.m3u8");
  publisher = publishTestPattern(`rtmp://127.0.0.1:${platform.relay?.rtmpPort}/live/${streamKey}`, { seconds: 45, width: 640, height: 360, gop: 30 });
  for (let i = 0; i < 300; i++) {
    const response = await fetch(media);
    if (response.status === 200 && (await response.text()).includes("#EXT-X-PART:")) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the live playlist never listed a part");
}, 60_000);

afterAll(async () => {
  publisher?.stop();
  await publisher?.exited;
  await browser?.close();
  await pages?.close();
  await platform?.stop();
});

/** Key URLs the page requested, with their statuses. */
function keyRequests(page: Page): { url: string; status: number }[] {
  const seen: { url: string; status: number }[] = [];
  page.on("response", (response) => {
    if (new URL(response.url()).pathname.startsWith("/k/")) seen.push({ url: response.url(), status: response.status() });
  });
  return seen;
}

describe("aes-128 live with key rotation", () => {
  it("lists keys after the clear header, passes the LL-HLS rules, and has no MPD", async () => {
    const text = await (await fetch(media)).text();
    expect(checkLlHls(text, { renditionReports: 1 })).toEqual([]);
    expect(text.indexOf("#EXT-X-MAP:")).toBeLessThan(text.indexOf("#EXT-X-KEY:"));
    for (const uri of keyUris(text, media)) expect(new URL(uri).pathname).toMatch(/^\/k\/[^/]+\/[^/]+\/[0-9a-f]{32}$/);
    expect((await fetch(urls.dash)).status).toBe(404);
  });

  it("encrypts segments and parts so that only the delivered key opens them", async () => {
    const text = await (await fetch(media)).text();
    const sequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1]);
    const afterFirst = text.slice(text.indexOf(`\n${sequence}.m4s`));
    const keyOfSegment = keyUris(text.slice(0, text.indexOf(`\n${sequence}.m4s`)), media).at(-1) ?? "";
    const init = await fetchBytes(media.replace("index.m3u8", "init.mp4"));
    const raw = await fetchBytes(media.replace("index.m3u8", `${sequence}.m4s`));
    expect(await decodedFrames(init, raw)).toBe(0);
    const key = await fetchBytes(keyOfSegment);
    expect(await decodedFrames(init, decryptSegment(raw, key, sequence))).toBeGreaterThan(0);
    // A part is an object of its own: it decrypts alone, from its segment's IV.
    const part = /URI="(\d+)\.(\d+)\.m4s"/.exec(afterFirst);
    expect(part).not.toBeNull();
    const partBytes = await fetchBytes(media.replace("index.m3u8", `${part?.[1]}.${part?.[2]}.m4s`));
    const partKeyText = text.slice(0, text.indexOf(`URI="${part?.[1]}.${part?.[2]}.m4s"`));
    const partKey = await fetchBytes(keyUris(partKeyText, media).at(-1) ?? "");
    const clearPart = decryptSegment(partBytes, partKey, Number(part?.[1]));
    expect(["styp", "moof"]).toContain(new TextDecoder().decode(clearPart.subarray(4, 8)));
  });

  it("plays in hls.js with parts and without, across key rotations, without a key or decrypt error", async () => {
    const [llPage, plainPage] = await Promise.all([browser.newPage(), browser.newPage()]);
    const [llKeys, plainKeys] = [keyRequests(llPage), keyRequests(plainPage)];
    const [ll, plain] = await Promise.all([watch(llPage, pages.pageUrl("hls", urls.hls), 9), watch(plainPage, pages.pageUrl("hls", urls.hls, { ll: "0" }), 9)]);
    for (const [played, keys] of [[ll, llKeys], [plain, plainKeys]] as const) {
      expect(played.stats.fatal).toBeNull();
      expect(played.stats.errors.filter((e) => /KEY|DECRYPT/i.test(e))).toEqual([]);
      expect(played.frames).toBeGreaterThan(0);
      expect(played.advanced).toBeGreaterThan(9);
      // 9 s of 2 s segments with a key every 2 segments: at least two rotations, each key fetched fine.
      expect(new Set(keys.map((k) => k.url)).size).toBeGreaterThanOrEqual(3);
      expect(keys.every((k) => k.status === 200)).toBe(true);
    }
  });
});
