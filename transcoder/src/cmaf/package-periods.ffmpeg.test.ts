// Real-tool test: a publisher returns at another picture size, so the joined package has two headers
// (init.mp4, init-1.mp4). The static MPD has two Periods (ISO/IEC 23009-1 §5.3.2), each naming its own
// header; ffprobe decodes through the MPD, and each Period's header decodes its own segments.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { storedBytes, storedKeys, storedText } from "#core/testing/stored-objects.ts";
import { CmafSegmenter } from "./segmenter.ts";
import { PackageWriter } from "./package-writer.ts";
import { SessionJoiner } from "./session-joiner.ts";

const run = promisify(execFile);
const FMP4 = ["-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+default_base_moof+cmaf", "-frag_duration", "333333", "-video_track_timescale", "90000"];
const FPS = 15;

/** `seconds` at 15 fps, keyframe every 2 s, as fMP4 bytes. */
async function session(size: string, seconds: number): Promise<Uint8Array> {
  const { stdout } = await run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", `testsrc2=size=${size}:rate=${FPS}`, "-t", String(seconds),
    "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", ...FMP4, "pipe:1"], { encoding: "buffer", maxBuffer: 16 * 1024 * 1024 });
  return new Uint8Array(stdout);
}

const store = new MemoryObjectStore();
let dir: string;

beforeAll(async () => {
  // The second source is longer, so a reader that plays only the longest Period picks init-1.mp4.
  const sessions = await Promise.all([session("320x180", 4), session("160x90", 6)]);
  const clock = new ManualClock();
  const writer = new PackageWriter({ store, mediaId: "m1", clock, targetDuration: 2, renditions: [{ name: "video", kind: "video", bandwidth: 300_000, frameRate: FPS }] });
  const joiner = new SessionJoiner();
  for (const bytes of sessions) {
    joiner.beginSession();
    const segmenter = new CmafSegmenter({ targetDuration: 2 });
    for (const event of [...segmenter.push(bytes), ...segmenter.flush()]) {
      clock.advance(1);
      const joined = joiner.join("video", event);
      if (joined !== undefined) await writer.handle("video", joined);
    }
  }
  await writer.finish();
  dir = await mkdtemp(join(tmpdir(), "tributary-periods-"));
  for (const key of await storedKeys(store)) {
    const path = join(dir, key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, (await storedBytes(store, key)) as Uint8Array);
  }
}, 50_000);

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const probe = async (input: string): Promise<{ width: number; height: number; frames: number }> => {
  const { stdout } = await run("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=width,height,nb_read_frames", "-of", "json", input], { timeout: 30_000 });
  const stream = (JSON.parse(stdout) as { streams: { width: number; height: number; nb_read_frames: string }[] }).streams[0];
  return { width: stream?.width ?? 0, height: stream?.height ?? 0, frames: Number(stream?.nb_read_frames) };
};

/** A Period's header followed by its segments, as a player appends them. */
async function periodFile(name: string, init: string, sequences: number[]): Promise<string> {
  const bytes = await Promise.all([init, ...sequences.map((n) => `${n}.m4s`)].map(async (file) => (await storedBytes(store, `media/m1/video/${file}`)) as Uint8Array));
  const path = join(dir, name);
  await writeFile(path, Buffer.concat(bytes));
  return path;
}

describe("a two-Period static MPD from real ffmpeg output", () => {
  it("lists each source in its own Period with its own header", async () => {
    const mpd = (await storedText(store, "media/m1/manifest.mpd")) ?? "";
    expect([...mpd.matchAll(/<Period [^>]*>/g)].map((m) => m[0])).toEqual(['<Period id="0" start="PT0S">', '<Period id="1" start="PT4S">']);
    expect([...mpd.matchAll(/initialization="([^"]+)" media="[^"]+" startNumber="(\d+)"/g)].map((m) => [m[1], m[2]])).toEqual([
      ["$RepresentationID$/init.mp4", "0"],
      ["$RepresentationID$/init-1.mp4", "2"],
    ]);
    expect(mpd).toContain('width="320" height="180"');
    expect(mpd).toContain('width="160" height="90"');
  });

  it("ffprobe decodes the MPD, and each Period's header decodes its segments", async () => {
    expect(await probe(join(dir, "media/m1/manifest.mpd"))).toEqual({ width: 160, height: 90, frames: 6 * FPS });
    expect(await probe(await periodFile("period-0.mp4", "init.mp4", [0, 1]))).toEqual({ width: 320, height: 180, frames: 4 * FPS });
    expect(await probe(await periodFile("period-1.mp4", "init-1.mp4", [2, 3, 4]))).toEqual({ width: 160, height: 90, frames: 6 * FPS });
  }, 50_000);
});
