// Real-tool test: ffmpeg makes an FLV (H.264 with B-frames, 2 s GOP, AAC); its bytes go through the
// relay's FLV input, the in-process remuxer, the CMAF segmenter and the PackageWriter; ffprobe then
// decodes every video frame and the audio through index.m3u8 and master.m3u8.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { PackageWriter } from "#transcoder/cmaf/package-writer.ts";
import type { CmafSegment, SegmenterEvent } from "#transcoder/cmaf/types.ts";
import { RemuxPipeline } from "#transcoder/remux/remux-pipeline.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { storedBytes, storedKeys, storedText } from "#core/testing/stored-objects.ts";
import { FlvDemuxer } from "../demux/flv-demuxer.ts";

const run = promisify(execFile);
const SECONDS = 6;
const FPS = 30;

describe("FLV remuxed to CMAF without ffmpeg in the path", () => {
  let dir: string;
  const store = new MemoryObjectStore();
  const events = new Map<string, SegmenterEvent[]>();
  let pipeline: RemuxPipeline;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tributary-remux-"));
    const flv = join(dir, "source.flv");
    await run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", `testsrc2=size=320x180:rate=${FPS}`, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
      "-t", String(SECONDS), "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", String(2 * FPS), "-keyint_min", String(2 * FPS), "-sc_threshold", "0",
      "-c:a", "aac", "-b:a", "64k", "-f", "flv", flv], { timeout: 60_000 });
    const clock = new ManualClock();
    const writer = new PackageWriter({
      store, mediaId: "m1", clock, targetDuration: 2,
      renditions: [{ name: "source", kind: "video", bandwidth: 500_000, frameRate: FPS }, { name: "audio", kind: "audio", bandwidth: 64_000 }],
    });
    const recorder = { handle: (rendition: string, event: SegmenterEvent) => void (events.get(rendition) ?? events.set(rendition, []).get(rendition))?.push(event) };
    const demuxer = new FlvDemuxer();
    pipeline = new RemuxPipeline({
      renditions: { video: "source", audio: "audio" },
      sinks: [recorder, { handle: (rendition, event) => (clock.advance(1), writer.handle(rendition, event)) }],
      segmentDuration: 2,
      partDuration: 0.5,
    });
    const bytes = new Uint8Array(await readFile(flv));
    // Odd chunk sizes: tags arrive split across writes, as they do from a socket.
    for (let at = 0; at < bytes.byteLength; at += 4093) for (const input of demuxer.push(bytes.subarray(at, at + 4093))) pipeline.push(input);
    await pipeline.end();
    await pipeline.done;
    await writer.finish();
    for (const key of await storedKeys(store)) {
      const path = join(dir, key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, (await storedBytes(store, key)) as Uint8Array);
    }
  }, 60_000);

  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const segments = (rendition: string): CmafSegment[] => (events.get(rendition) ?? []).flatMap((e) => (e.type === "segment" ? [e.segment] : []));

  it("cuts 2 s video segments that each start with a keyframe, and parts at the part duration", () => {
    const video = segments("source");
    expect(video.map((s) => s.duration / s.timescale)).toEqual([2, 2, 2]);
    expect(video.every((s) => s.parts[0]?.independent === true)).toBe(true);
    expect(video.every((s) => s.parts.slice(1).every((p) => !p.independent && p.duration / p.timescale <= 0.5 + 1e-9))).toBe(true);
    expect(pipeline.stats).toEqual({ skipped: 0, corrections: 0 });
  });

  it("copies the AAC audio with 1024-tick frames on the sample-rate timescale", () => {
    const audio = segments("audio");
    expect(audio[0]?.timescale).toBe(48_000);
    const total = audio.reduce((n, s) => n + s.duration, 0);
    expect(total % 1024).toBe(0);
    expect(Math.abs(total / 48_000 - SECONDS)).toBeLessThan(0.1);
  });

  const probe = async (input: string, stream: string): Promise<{ codec: string; frames: number }> => {
    const { stdout } = await run("ffprobe", ["-v", "error", "-allowed_extensions", "ALL", "-count_frames", "-select_streams", stream, "-show_entries", "stream=codec_name,nb_read_frames", "-of", "csv=p=0", input], { timeout: 30_000 });
    const [codec = "", frames = "0"] = (stdout.trim().split("\n")[0] ?? "").split(",");
    return { codec, frames: Number(frames) };
  };

  it("ffprobe decodes every video frame and the audio through the media playlists and master.m3u8", async () => {
    expect(await probe(join(dir, "media/m1/source/index.m3u8"), "v:0")).toEqual({ codec: "h264", frames: SECONDS * FPS });
    expect(await probe(join(dir, "media/m1/master.m3u8"), "v:0")).toEqual({ codec: "h264", frames: SECONDS * FPS });
    const audio = await probe(join(dir, "media/m1/master.m3u8"), "a:0");
    expect(audio.codec).toBe("aac");
    expect(audio.frames).toBeGreaterThanOrEqual(Math.floor((SECONDS * 48_000) / 1024) - 2);
    const master = await storedText(store, "media/m1/master.m3u8");
    expect(master).toMatch(/CODECS="avc1\.[0-9a-f]{6},mp4a\.40\.2",RESOLUTION=320x180/);
  }, 60_000);
});
