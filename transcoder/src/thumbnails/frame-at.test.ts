import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTributaryError } from "#core/errors.ts";
import { locateFfmpeg, type FfmpegTools } from "../ffmpeg/locate.ts";
import { runTool } from "../ffmpeg/run.ts";
import { tempDir } from "../ffmpeg/testing/media.ts";
import { defaultFramePolicy, ffmpegFrameRenderer } from "./frame-at.ts";

let dir: string;
let cleanup: () => Promise<void>;
let tools: FfmpegTools;
let init: Uint8Array;
let segment: Uint8Array;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("frame-at-"));
  tools = await locateFfmpeg();
  // A CMAF header and one 2 s fragment, as the packager stores them.
  const result = await runTool(tools.ffmpeg, ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-pix_fmt", "yuv420p",
    "-f", "dash", "-seg_duration", "2", "-init_seg_name", "init.mp4", "-media_seg_name", "seg-$Number$.m4s", join(dir, "out.mpd")]);
  expect(result.exitCode).toBe(0);
  init = new Uint8Array(await readFile(join(dir, "init.mp4")));
  segment = new Uint8Array(await readFile(join(dir, "seg-1.m4s")));
});
afterAll(async () => {
  await cleanup();
});

describe("ffmpegFrameRenderer", () => {
  it("decodes a JPEG of the asked width", async () => {
    const jpeg = await ffmpegFrameRenderer(tools.ffmpeg).render(init, segment, 1.5, 200);
    expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
    const path = join(dir, "frame.jpg");
    await writeFile(path, jpeg);
    const probed = await runTool(tools.ffprobe, ["-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", path]);
    expect(probed.stdout.trim()).toBe("200,112");
  });

  it("refuses decodes past the running and queued bounds instead of spawning them", async () => {
    const renderer = ffmpegFrameRenderer(tools.ffmpeg, { ...defaultFramePolicy, maxRunning: 1, maxQueued: 2 });
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => renderer.render(init, segment, 0, 64)));
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected", "rejected", "rejected"]);
    for (const outcome of outcomes) if (outcome.status === "rejected") expect(isTributaryError(outcome.reason, "auth.rate_limited")).toBe(true);
    // Once those finished, the renderer takes work again.
    expect((await renderer.render(init, segment, 0, 64)).byteLength).toBeGreaterThan(0);
  });
});
