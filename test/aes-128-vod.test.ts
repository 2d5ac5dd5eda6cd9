// An aes-128 VOD: packaged by the local VOD job through the packager's encryption, served by the Node
// edge with its key at /k/. Raw segments are not decodable; the delivered key decrypts them; hls.js
// plays the asset in headless Chromium.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { systemClock } from "#core/clock.ts";
import { ContentKeyStore } from "#core/drm/content-key-store.ts";
import { localKeyProvider } from "#core/drm/local-key-provider.ts";
import { registerMedia } from "#core/records/media.ts";
import { LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { loadMasterKey } from "#core-node/content-key-master.ts";
import { startPlayerPage, type PlayerPageServer } from "#relay/origin/testing/player-page.ts";
import { mediaProtection } from "#transcoder/encryption/media-protection.ts";
import { runLocalVodJob } from "#transcoder/vod/local-job.ts";
import { playbackUrls } from "../scripts/platform/banner.ts";
import { launchChromium } from "./support/browser.ts";
import { decodedFrames, decryptSegment, fetchBytes, keyUris, watch } from "./support/encrypted-media.ts";
import { decodeStreams } from "./support/ffprobe.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

const run = promisify(execFile);
const mediaId = "aesvod1";
let platform: TestPlatform;
let pages: PlayerPageServer;
let browser: Browser;
let urls: { hls: string; dash: string };

beforeAll(async () => {
  platform = await startTestPlatform();
  [pages, browser] = await Promise.all([startPlayerPage(), launchChromium()]);
  await registerMedia(platform.store, { id: mediaId, tenantId: LOCAL_TENANT_ID, kind: "vod", assetId: mediaId, createdAt: new Date().toISOString() });
  const dir = await mkdtemp(join(tmpdir(), "tributary-aes-vod-"));
  try {
    const input = join(dir, "source.mp4");
    await run(platform.tools.ffmpeg, ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "6", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", input]);
    // The platform's own key store: the edge opens what the packager seals.
    const keys = new ContentKeyStore(platform.store, await loadMasterKey(platform.config), systemClock);
    const protection = mediaProtection("aes-128", { tenantId: LOCAL_TENANT_ID, mediaId, keys, provider: localKeyProvider() });
    const ladder = { rungs: [{ name: "360p", width: 640, height: 360, bitrate: 700_000, preset: "ultrafast" }] };
    await runLocalVodJob({ store: platform.store, mediaId, input, tools: platform.tools, clock: systemClock, ladder, ...(protection ? { protection } : {}) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  urls = await playbackUrls(platform, mediaId);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await platform?.stop();
});

describe("aes-128 VOD", () => {
  it("lists one key for the asset after the clear header, and has no MPD", async () => {
    const url = urls.hls.replace("master.m3u8", "360p/index.m3u8");
    const text = await (await fetch(url)).text();
    expect(text.indexOf("#EXT-X-MAP:")).toBeLessThan(text.indexOf("#EXT-X-KEY:"));
    const uris = keyUris(text, url);
    expect(new Set(uris).size).toBe(1);
    expect(uris[0]).toMatch(new RegExp(`/k/[^/]+/${mediaId}/[0-9a-f]{32}$`));
    expect((await fetch(urls.dash)).status).toBe(404);
  });

  it("stores segments ffprobe cannot decode, which the delivered key decrypts", async () => {
    const url = urls.hls.replace("master.m3u8", "360p/index.m3u8");
    const [key] = keyUris(await (await fetch(url)).text(), url);
    const init = await fetchBytes(url.replace("index.m3u8", "init.mp4"));
    const raw = await fetchBytes(url.replace("index.m3u8", "1.m4s"));
    expect(await decodedFrames(init, raw)).toBe(0);
    const clear = decryptSegment(raw, await fetchBytes(key ?? ""), 1);
    expect(await decodedFrames(init, clear)).toBeGreaterThan(30);
  });

  it("decodes through the playlist in ffmpeg, which fetches the key from the key URI", async () => {
    const streams = await decodeStreams(urls.hls.replace("master.m3u8", "360p/index.m3u8"), ["-allowed_extensions", "ALL"]);
    expect(streams.find((x) => x.codecType === "video")?.frames).toBeGreaterThanOrEqual(6 * 30 - 2);
  });

  it("plays in hls.js", async () => {
    const played = await watch(await browser.newPage(), pages.pageUrl("hls", urls.hls, { ll: "0" }), 3);
    expect(played.stats.fatal).toBeNull();
    expect(played.stats.errors.filter((e) => /KEY|DECRYPT/i.test(e))).toEqual([]);
    expect(played.frames).toBeGreaterThan(0);
    expect(played.advanced).toBeGreaterThan(3);
  });
});
