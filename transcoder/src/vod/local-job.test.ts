import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "#core/clock.ts";
import { isTributaryError } from "#core/errors.ts";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { locateFfmpeg } from "../ffmpeg/locate.ts";
import { makeClip } from "../ffmpeg/testing/media.ts";
import { runLocalVodJob } from "./local-job.ts";
import { playlistSeconds } from "#core/usage/playlist-durations.ts";

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "vod-job-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("runLocalVodJob", () => {
  it("packages a file into a VOD ladder with ENDLIST and a static MPD", async () => {
    const input = await makeClip(join(dir, "in.flv"), { seconds: 5, width: 640, height: 360, fps: 30, gop: 30 });
    const store = new FsObjectStore({ root: join(dir, "store"), durable: false });
    const tools = await locateFfmpeg();
    const result = await runLocalVodJob({ store, mediaId: "vod1", input, tools, clock: systemClock, ladder: { rungs: [{ name: "360p", width: 640, height: 360, bitrate: 600_000, preset: "ultrafast" }, { name: "240p", width: 426, height: 240, bitrate: 300_000, preset: "ultrafast" }] } });
    expect(result.ladder.video.map((r) => r.name)).toEqual(["360p", "240p"]);
    const playlist = await new Response((await store.get("media/vod1/360p/index.m3u8"))?.body).text();
    expect(playlist).toContain("#EXT-X-PLAYLIST-TYPE:VOD");
    expect(playlist).toContain("#EXT-X-ENDLIST");
    const mpd = await new Response((await store.get("media/vod1/manifest.mpd"))?.body).text();
    expect(mpd).toContain('type="static"');
    const master = await new Response((await store.get("media/vod1/master.m3u8"))?.body).text();
    expect(master).toMatch(/CODECS="avc1\.[0-9a-f]{6},mp4a\.40\.2"/);
    // Encoded seconds per rendition are the seconds each playlist lists (which rounds each segment to 10 µs).
    expect(result.usage.map((r) => [r.kind, r.rendition, r.tier])).toEqual([["encode", "360p", "SD"], ["encode", "240p", "SD"], ["encode", "audio", undefined]]);
    for (const record of result.usage) {
      const listed = playlistSeconds(await new Response((await store.get(`media/vod1/${record.rendition ?? ""}/index.m3u8`))?.body).text());
      expect(record.mediaSeconds).toBeCloseTo(listed, 4);
    }
    for (const record of result.usage) expect(record.mediaSeconds).toBeCloseTo(5, 0);
  });

  it("refuses a file without video with media.invalid", async () => {
    const audioOnly = join(dir, "audio.m4a");
    await run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "1", "-c:a", "aac", "-y", audioOnly]);
    const store = new FsObjectStore({ root: join(dir, "store2"), durable: false });
    const error = await runLocalVodJob({ store, mediaId: "vod2", input: audioOnly, tools: await locateFfmpeg(), clock: systemClock }).catch((e: unknown) => e);
    expect(isTributaryError(error, "media.invalid")).toBe(true);
  });
});
