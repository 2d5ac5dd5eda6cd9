// Real-tool test: ffmpeg writes fMP4 for two video renditions and one audio track to pipes; the
// segmenter and package writer store CMAF + playlists; ffprobe decodes what we wrote.
import { spawn, execFile } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { parseMoof } from "../boxes/moof.ts";
import { readChildren } from "../boxes/children.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { storedBytes, storedKeys, storedText } from "#core/testing/stored-objects.ts";
import { CmafSegmenter } from "./segmenter.ts";
import { PackageWriter } from "./package-writer.ts";
import type { CmafSegment, SegmenterEvent } from "./types.ts";

const run = promisify(execFile);
const FMP4 = ["-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+default_base_moof+cmaf", "-frag_duration", "333333"];
const SECONDS = 6;
const FPS = 15;

interface Output {
  name: string;
  events: SegmenterEvent[];
}

/** Runs ffmpeg once with three piped outputs (fd 1, 3, 4) and segments each as bytes arrive. */
async function encode(): Promise<Output[]> {
  const video = (size: string, rate: string, fd: number) => ["-map", "0:v", "-c:v", "libx264", "-preset", "ultrafast", "-s", size, "-b:v", rate, "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-t", String(SECONDS), ...FMP4, `pipe:${fd}`];
  const args = ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", `testsrc2=size=320x180:rate=${FPS}`, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
    ...video("320x180", "300k", 1), ...video("160x90", "100k", 3),
    "-map", "1:a", "-c:a", "aac", "-b:a", "64k", "-t", String(SECONDS), ...FMP4, "pipe:4"];
  const child = spawn("ffmpeg", args, { stdio: ["ignore", "pipe", "pipe", "pipe", "pipe"] });
  const names = ["high", "low", "audio"];
  const streams = [child.stdio[1], child.stdio[3], child.stdio[4]] as Readable[];
  const outputs = names.map((name) => ({ name, events: [] as SegmenterEvent[] }));
  const done = streams.map(async (stream, i) => {
    const segmenter = new CmafSegmenter({ targetDuration: 2 });
    const out = outputs[i] as Output;
    for await (const chunk of stream) out.events.push(...segmenter.push(chunk as Uint8Array));
    out.events.push(...segmenter.flush());
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  await Promise.all(done);
  if (code !== 0) throw new Error(`ffmpeg failed: ${stderr}`);
  return outputs;
}

const segmentsOf = (o: Output): CmafSegment[] => o.events.flatMap((e) => (e.type === "segment" ? [e.segment] : []));

describe("CMAF packaging of a real ffmpeg ladder", () => {
  let outputs: Output[];
  let dir: string;
  const store = new MemoryObjectStore();

  beforeAll(async () => {
    outputs = await encode();
    const clock = new ManualClock();
    const writer = new PackageWriter({
      store, mediaId: "m1", clock, targetDuration: 2,
      renditions: [
        { name: "high", kind: "video", bandwidth: 300_000, frameRate: FPS },
        { name: "low", kind: "video", bandwidth: 100_000, frameRate: FPS },
        { name: "audio", kind: "audio", bandwidth: 64_000 },
      ],
    });
    for (const o of outputs) for (const e of o.events) { clock.advance(1); await writer.handle(o.name, e); }
    await writer.finish();
    dir = await mkdtemp(join(tmpdir(), "tributary-cmaf-"));
    for (const key of await storedKeys(store)) {
      const path = join(dir, key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, (await storedBytes(store, key)) as Uint8Array);
    }
  }, 50_000);

  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("cuts 2 s video segments that start with keyframes and align across renditions", () => {
    const [high, low] = outputs.map(segmentsOf) as [CmafSegment[], CmafSegment[]];
    expect(high.map((s) => s.duration / s.timescale)).toEqual([2, 2, 2]);
    expect(high.every((s) => s.parts[0]?.independent === true)).toBe(true);
    expect(low.map((s) => [s.sequence, s.decodeTime])).toEqual(high.map((s) => [s.sequence, s.decodeTime]));
    for (const s of high) {
      // The stored tfdt of the first chunk is the segment's decode time.
      const moof = readChildren(s.bytes).find((b) => b.type === "moof");
      expect(parseMoof(moof?.payload ?? new Uint8Array()).traf[0]?.tfdt?.base_media_decode_time).toBe(s.decodeTime);
    }
  });

  it("keeps every segment's parts contiguous and sums durations in ticks", () => {
    for (const o of outputs) {
      const segments = segmentsOf(o);
      for (const s of segments) {
        expect(s.parts.reduce((sum, p) => sum + p.duration, 0)).toBe(s.duration);
        expect(s.bytes.byteLength).toBe(s.parts.reduce((sum, p) => sum + p.bytes.byteLength, 0));
      }
      for (let i = 1; i < segments.length; i++) expect(segments[i]?.decodeTime).toBe((segments[i - 1]?.decodeTime ?? 0) + (segments[i - 1]?.duration ?? 0));
    }
    const audio = segmentsOf(outputs[2] as Output);
    const total = audio.reduce((sum, s) => sum + s.duration, 0) / (audio[0]?.timescale ?? 1);
    expect(Math.abs(total - SECONDS)).toBeLessThan(0.1);
  });

  it("stores objects with content types and cache policy", async () => {
    expect((await store.head("media/m1/high/0.m4s"))?.cacheControl).toBe("public, max-age=31536000, immutable");
    expect((await store.head("media/m1/high/init.mp4"))?.contentType).toBe("video/mp4");
    expect((await store.head("media/m1/master.m3u8"))?.contentType).toBe("application/vnd.apple.mpegurl");
    expect((await store.head("media/m1/manifest.mpd"))?.contentType).toBe("application/dash+xml");
    const playlist = (await storedText(store, "media/m1/high/index.m3u8")) ?? "";
    expect(playlist).toContain("#EXT-X-PLAYLIST-TYPE:VOD");
    expect(playlist.endsWith("#EXT-X-ENDLIST\n")).toBe(true);
  });

  const probeFrames = async (input: string, stream: string): Promise<number> => {
    const { stdout } = await run("ffprobe", ["-v", "error", "-allowed_extensions", "ALL", "-count_frames", "-select_streams", stream, "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", input], { timeout: 30_000 });
    return Number(stdout.trim().split("\n")[0]);
  };

  it("ffprobe decodes every frame through the media playlist, master.m3u8 and the MPD", async () => {
    const frames = SECONDS * FPS;
    expect(await probeFrames(join(dir, "media/m1/high/index.m3u8"), "v:0")).toBe(frames);
    expect(await probeFrames(join(dir, "media/m1/master.m3u8"), "v:0")).toBe(frames);
    expect(await probeFrames(join(dir, "media/m1/manifest.mpd"), "v:0")).toBe(frames);
  }, 50_000);
});
