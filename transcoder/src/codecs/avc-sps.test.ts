import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { spsPictureSize } from "./avc-sps.ts";

const run = promisify(execFile);

/** Encodes one frame with x264 as Annex B and returns its SPS NAL unit. */
async function spsFor(size: string, extra: string[] = []): Promise<Uint8Array> {
  const { stdout } = await run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", `testsrc2=size=${size}:rate=30`, "-frames:v", "1", "-c:v", "libx264", ...extra, "-f", "h264", "-"], { encoding: "buffer" });
  const bytes = new Uint8Array(stdout);
  for (let i = 0; i + 4 < bytes.length; i++) {
    if (bytes[i] === 0 && bytes[i + 1] === 0 && bytes[i + 2] === 1 && ((bytes[i + 3] ?? 0) & 0x1f) === 7) {
      let end = i + 3;
      while (end + 3 < bytes.length && !(bytes[end] === 0 && bytes[end + 1] === 0 && (bytes[end + 2] === 1 || bytes[end + 2] === 0))) end++;
      return bytes.subarray(i + 3, end);
    }
  }
  throw new Error("no SPS found");
}

describe("spsPictureSize", () => {
  it.each([
    ["1280x720", [], { width: 1280, height: 720 }],
    ["1920x1080", [], { width: 1920, height: 1080 }],
    ["642x362", ["-profile:v", "baseline"], { width: 642, height: 362 }],
    ["640x360", ["-pix_fmt", "yuv444p"], { width: 640, height: 360 }],
  ] as const)("reads %s from x264's SPS %j", async (size, extra, expected) => {
    expect(spsPictureSize(await spsFor(size, [...extra]))).toEqual(expected);
  });

  it("refuses a truncated SPS with media.invalid", () => {
    expect(() => spsPictureSize(Uint8Array.of(0x67, 0x64, 0x00))).toThrow(/SPS/);
  });
});
