// Real ffmpeg: keyframes of two sizes (x264 with B-frames, reorder depth 2) through ONE worker.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CmafSegmenter } from "../cmaf/segmenter.ts";
import type { AvcConfigurationBox } from "../boxes/avcC.ts";
import { KeyframeDecoder } from "./keyframe-decoder.ts";
import { decoderConfig, firstSample } from "./keyframe-sample.ts";

const run = promisify(execFile);
interface Key { avcC: AvcConfigurationBox; sample: Uint8Array }
const keys: Key[][] = [];
const decoder = new KeyframeDecoder("ffmpeg", { restart: { initialDelayMs: 0, multiplier: 1, maxDelayMs: 0 } });

async function keyframes(size: string): Promise<Key[]> {
  const { stdout } = await run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", `testsrc2=size=${size}:rate=30`, "-t", "3",
    "-c:v", "libx264", "-preset", "veryfast", "-g", "30", "-sc_threshold", "0",
    "-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "pipe:1"], { encoding: "buffer", maxBuffer: 1 << 26 });
  const segmenter = new CmafSegmenter({ targetDuration: 1 });
  const out: Key[] = [];
  let init: Uint8Array | undefined;
  for (const e of [...segmenter.push(new Uint8Array(stdout)), ...segmenter.flush()]) {
    if (e.type === "init") init = e.init.bytes;
    if (e.type !== "segment" || init === undefined) continue;
    const config = decoderConfig(init);
    if (config.codec === "avc") out.push({ avcC: config.avcC, sample: firstSample(e.segment.bytes) });
  }
  return out;
}

/** Width × height from the JPEG's SOF0 segment. */
function size(jpeg: Uint8Array): string {
  const v = new DataView(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
  for (let i = 2; i + 9 < jpeg.byteLength; i += 2 + v.getUint16(i + 2)) if (jpeg[i + 1] === 0xc0) return `${v.getUint16(i + 7)}x${v.getUint16(i + 5)}`;
  return "none";
}

beforeAll(async () => {
  keys.push(await keyframes("640x360"), await keyframes("320x240"));
});
afterAll(() => decoder.close());

describe("KeyframeDecoder", () => {
  it("answers each request with its own picture before any further request, across sizes", async () => {
    const [big = [], small = []] = keys;
    const order = [big[0], small[0], big[1], small[1], big[2]];
    for (const key of order) {
      if (key === undefined) throw new Error("missing keyframe");
      const jpeg = await decoder.decode(key.avcC, key.sample); // awaited alone: no later request pushes it out
      expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
      expect(size(jpeg)).toBe("640x360");
    }
    expect(decoder.starts).toBe(1);
  });

  it("rejects the request in flight when the worker dies, then restarts", async () => {
    const key = keys[0]?.[0];
    if (key === undefined) throw new Error("missing keyframe");
    await decoder.decode(key.avcC, key.sample);
    const pid = decoder.pid;
    const broken = decoder.decodeAnnexB(new Uint8Array([0, 0, 0, 1, 9, 0xf0]));
    if (pid !== undefined) process.kill(pid, "SIGKILL");
    await expect(broken).rejects.toMatchObject({ code: "transcode.failed" });
    const jpeg = await decoder.decode(key.avcC, key.sample);
    expect(size(jpeg)).toBe("640x360");
    expect(decoder.starts).toBe(2);
  });
});
