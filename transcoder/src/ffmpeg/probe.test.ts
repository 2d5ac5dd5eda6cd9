import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probe, probeVideoFrames, sourceInfoFromProbe } from "./probe.ts";
import { makeClip, tempDir } from "./testing/media.ts";

let dir: string;
let cleanup: () => Promise<void>;
let clip: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  clip = await makeClip(join(dir, "clip.flv"), { seconds: 2, width: 320, height: 240, fps: 25, gop: 25 });
});
afterAll(() => cleanup());

describe("probe", () => {
  it("returns typed streams and format", async () => {
    const info = await probe("ffprobe", clip);
    expect(info.formatName).toBe("flv");
    expect(info.duration).toBeGreaterThan(1.9);
    expect(info.streams).toMatchObject([
      { index: 0, codecType: "video", codecName: "h264", width: 320, height: 240, fps: 25, pixFmt: "yuv420p" },
      { index: 1, codecType: "audio", codecName: "aac", sampleRate: 48_000, channels: 1 },
    ]);
  });

  it("maps to the ladder's source info", async () => {
    expect(sourceInfoFromProbe(await probe("ffprobe", clip))).toMatchObject({ width: 320, height: 240, fps: 25, videoCodec: "h264", hasAudio: true });
  });

  it("lists decoded frames with key flags", async () => {
    const frames = await probeVideoFrames("ffprobe", clip);
    expect(frames).toHaveLength(50);
    const keys = frames.filter((f) => f.keyFrame).map((f) => f.ptsTime ?? NaN);
    expect(keys).toHaveLength(2);
    expect((keys[1] ?? 0) - (keys[0] ?? 0)).toBeCloseTo(1, 6);
  });

  it("rejects a file that is not media as media.invalid", async () => {
    const junk = join(dir, "junk.mp4");
    await writeFile(junk, "not a video");
    await expect(probe("ffprobe", junk)).rejects.toMatchObject({ code: "media.invalid" });
  });
});
