// Captions on a VOD asset: WebVTT added through the API becomes a SUBTITLES group of plain WebVTT
// segments that hls.js loads in headless Chromium, and a text/vtt AdaptationSet in the MPD; bad
// WebVTT is refused with its line number; another tenant cannot add or see them. Instant clips of the
// same asset: ffprobe through the edge finds only the segments that cover the clip, in HLS and DASH.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { systemClock } from "#core/clock.ts";
import { saveAsset } from "#core/records/assets.ts";
import { registerMedia } from "#core/records/media.ts";
import { createTenant, LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import { startPlayerPage, type PlayerPageServer } from "#relay/origin/testing/player-page.ts";
import { runLocalVodJob } from "#transcoder/vod/local-job.ts";
import { makeMp4 } from "#transcoder/vod/testing/sources.ts";
import { playbackUrls } from "../scripts/platform/banner.ts";
import { launchChromium } from "./support/browser.ts";
import { decodeStreams } from "./support/ffprobe.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

const run = promisify(execFile);
const assetId = "captioned1";
const SECONDS = 10;
const VTT = ["WEBVTT", "", "1", "00:00:00.200 --> 00:00:02.500", "Hello from the first segment", "", "2", "00:00:02.500 --> 00:00:05.000 align:center", "And the second", ""].join("\n");

let platform: TestPlatform;
let pages: PlayerPageServer;
let browser: Browser;
let admin: string;
let other: string;

function addCaptions(key: string, body: unknown, id = assetId): Promise<Response> {
  return fetch(`${platform.edgeUrl}/api/v1/assets/${id}/captions`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
}

beforeAll(async () => {
  platform = await startTestPlatform();
  [pages, browser] = await Promise.all([startPlayerPage(), launchChromium()]);
  admin = platform.adminKey ?? "";
  other = (await createTenant(platform.records, { id: "other", name: "Other" })).adminKey;
  const createdAt = new Date().toISOString();
  await registerMedia(platform.store, { id: assetId, tenantId: LOCAL_TENANT_ID, kind: "vod", assetId, createdAt });
  const input = await makeMp4(join(platform.dataDir, "film.mp4"), { seconds: SECONDS, width: 320, height: 180 });
  const ladder = { rungs: [{ name: "180p", width: 320, height: 180, bitrate: 300_000, preset: "ultrafast" }] };
  await runLocalVodJob({ store: platform.store, mediaId: assetId, input, tools: platform.tools, clock: systemClock, ladder });
  await saveAsset(platform.records, { id: assetId, tenantId: LOCAL_TENANT_ID, kind: "upload", createdAt, mediaId: assetId, status: "ready", durationSeconds: SECONDS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await platform?.stop();
});

describe("captions on a VOD asset", () => {
  it("refuses bad WebVTT with 400 naming the line, and another tenant's asset with 404", async () => {
    const bad = await addCaptions(admin, { language: "en", label: "English", vtt: "WEBVTT\n\n00:00:01.000 --> 00:00:00.500\nbackwards\n" });
    expect(bad.status).toBe(400);
    const error = ((await bad.json()) as { error: { message: string; details: { line: number } } }).error;
    expect(error.details.line).toBe(3);
    expect(error.message).toContain("line 3");
    expect((await addCaptions(other, { language: "en", label: "English", vtt: VTT })).status).toBe(404);
    expect((await addCaptions(admin, { language: "not a tag", label: "x", vtt: VTT })).status).toBe(400);
  });

  it("lists the track on the asset once added", async () => {
    const added = await addCaptions(admin, { language: "en", label: "English", vtt: VTT });
    expect(added.status).toBe(201);
    const asset = (await (await fetch(`${platform.edgeUrl}/api/v1/assets/${assetId}`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { captions: { language: string; label: string; cues: number }[] };
    expect(asset.captions.map(({ language, label, cues }) => ({ language, label, cues }))).toEqual([{ language: "en", label: "English", cues: 2 }]);
    const foreign = await fetch(`${platform.edgeUrl}/api/v1/assets/${assetId}`, { headers: { authorization: `Bearer ${other}` } });
    expect(foreign.status).toBe(404);
  });

  it("serves the subtitle playlist and segments through the edge under the token", async () => {
    const { hls } = await playbackUrls(platform, assetId);
    const master = await (await fetch(hls)).text();
    expect(master).toContain('#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en"');
    expect(master.split("\n").filter((line) => line.startsWith("#EXT-X-STREAM-INF")).every((line) => line.includes('SUBTITLES="subs"'))).toBe(true);
    const playlist = await (await fetch(hls.replace("master.m3u8", "captions/en/index.m3u8"))).text();
    expect(playlist).toContain("#EXT-X-ENDLIST");
    const segment = await fetch(hls.replace("master.m3u8", "captions/en/0.vtt"));
    expect(segment.headers.get("content-type")).toContain("text/vtt");
    expect(await segment.text()).toMatch(/^WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n\n1\n00:00:00.200 --> /);
    expect((await fetch(`${platform.edgeUrl}/p/x/${assetId}/captions/en/0.vtt`)).status).toBe(401);
  });

  it("loads the cues in hls.js once the subtitle track is selected", async () => {
    const { hls } = await playbackUrls(platform, assetId);
    const page = await browser.newPage();
    try {
      await page.goto(pages.pageUrl("hls", hls, { ll: "0" }));
      await page.waitForFunction(() => (window as unknown as { player?: { subtitleTracks: unknown[] } }).player?.subtitleTracks.length === 1, undefined, { timeout: 30_000 });
      await page.evaluate(() => {
        const player = (window as unknown as { player: { subtitleTrack: number } }).player;
        player.subtitleTrack = 0;
        const track = document.querySelector("video")?.textTracks[0];
        if (track) track.mode = "showing";
      });
      await page.waitForFunction(() => (document.querySelector("video")?.textTracks[0]?.cues?.length ?? 0) > 0, undefined, { timeout: 30_000 });
      const cues = await page.evaluate(() => {
        const list = document.querySelector("video")?.textTracks[0]?.cues;
        return list === null || list === undefined ? [] : [...list].map((cue) => ({ start: cue.startTime, text: (cue as VTTCue).text }));
      });
      expect(cues[0]).toEqual({ start: 0.2, text: "Hello from the first segment" });
      const errors = await page.evaluate(() => (window as unknown as { stats: { errors: string[] } }).stats.errors);
      expect(errors.filter((e) => /subtitle/i.test(e))).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("adds a text/vtt AdaptationSet to the MPD whose BaseURL is the whole file, and the MPD still decodes", async () => {
    const { dash } = await playbackUrls(platform, assetId);
    const mpd = await (await fetch(dash)).text();
    const set = /<AdaptationSet[^>]*contentType="text"[^>]*>[\s\S]*?<\/AdaptationSet>/.exec(mpd)?.[0] ?? "";
    expect(set).toContain('mimeType="text/vtt" lang="en"');
    const base = /<BaseURL>([^<]+)<\/BaseURL>/.exec(set)?.[1] ?? "";
    const whole = await fetch(new URL(base, dash));
    expect(whole.status).toBe(200);
    expect((await whole.text()).startsWith("WEBVTT\n\n1\n00:00:00.200")).toBe(true);
    const streams = await decodeStreams(dash);
    expect(streams.find((s) => s.codecType === "video")?.frames).toBeGreaterThan(0);
  });
});

/** ffprobe's duration of a playlist (the sum of the segments it lists) and the video frames it decodes. */
async function probeClip(url: string): Promise<{ duration: number; frames: number }> {
  const { stdout } = await run("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", url], { timeout: 60_000 });
  const streams = await decodeStreams(url);
  return { duration: Number(stdout.trim()), frames: streams.find((s) => s.codecType === "video")?.frames ?? 0 };
}

function segmentsOf(playlist: string): string[] {
  return playlist.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
}

describe("instant clips", () => {
  it("cuts the media playlists a clipped master names to the covering segments, which ffprobe plays", async () => {
    const { hls } = await playbackUrls(platform, assetId);
    const master = await (await fetch(`${hls}?clipStart=2.5&clipEnd=5.5`)).text();
    const variant = segmentsOf(master)[0] ?? "";
    expect(variant).toBe("180p/index.m3u8?clipStart=2.5&clipEnd=5.5");
    expect(master).toContain('URI="audio/index.m3u8?clipStart=2.5&clipEnd=5.5"');
    expect(master).toContain('URI="captions/en/index.m3u8?clipStart=2.5&clipEnd=5.5"');
    const url = hls.replace("master.m3u8", variant);
    const playlist = await (await fetch(url)).text();
    expect(segmentsOf(playlist)).toEqual(["1.m4s", "2.m4s"]);
    expect(playlist).toContain("#EXT-X-MEDIA-SEQUENCE:1\n");
    expect(playlist.trimEnd().endsWith("#EXT-X-ENDLIST")).toBe(true);
    const whole = await probeClip(hls.replace("master.m3u8", "180p/index.m3u8"));
    const clip = await probeClip(url);
    expect(whole.duration).toBeCloseTo(SECONDS, 0);
    expect(clip.duration).toBeCloseTo(4, 1);
    expect(clip.frames).toBeGreaterThanOrEqual(4 * 30 - 2);
    expect(clip.frames).toBeLessThanOrEqual(4 * 30 + 2);
    const captions = await (await fetch(hls.replace("master.m3u8", "captions/en/index.m3u8?clipStart=2.5&clipEnd=5.5"))).text();
    expect(segmentsOf(captions)).toEqual(["1.vtt", "2.vtt"]);
  });

  it("takes the clip from the token's claims over the URL's", async () => {
    const minted = await fetch(`${platform.edgeUrl}/api/v1/playback-tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: JSON.stringify({ mediaId: assetId, clip: { start: 0, end: 1 } }),
    });
    expect(minted.status).toBe(201);
    const { urls } = (await minted.json()) as { urls: { hls: string } };
    const master = await (await fetch(urls.hls)).text();
    expect(segmentsOf(master)[0]).toBe("180p/index.m3u8");
    const playlist = await (await fetch(urls.hls.replace("master.m3u8", "180p/index.m3u8?clipStart=6&clipEnd=8"))).text();
    expect(segmentsOf(playlist)).toEqual(["0.m4s"]);
  });

  it("trims the MPD's timelines to the same covering segments, which ffprobe decodes", async () => {
    const { dash } = await playbackUrls(platform, assetId);
    const url = `${dash}?clipStart=2.5&clipEnd=5.5`;
    const mpd = await (await fetch(url)).text();
    expect(mpd).toContain('mediaPresentationDuration="PT4S"');
    expect(mpd).not.toContain('contentType="text"');
    const video = (await decodeStreams(url)).find((s) => s.codecType === "video");
    expect(video?.frames).toBeGreaterThanOrEqual(4 * 30 - 2);
    expect(video?.frames).toBeLessThanOrEqual(4 * 30 + 2);
  });

  it("refuses a bad range with 400 naming the parameter", async () => {
    const { hls } = await playbackUrls(platform, assetId);
    for (const [query, parameter] of [["clipStart=-1&clipEnd=2", "clipStart"], ["clipStart=4&clipEnd=3", "clipEnd"], ["clipStart=1&clipEnd=NaN", "clipEnd"]] as const) {
      const response = await fetch(`${hls}?${query}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(parameter);
    }
  });
});
