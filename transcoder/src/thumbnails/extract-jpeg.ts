/** One JPEG from a CMAF header + segment: a short ffmpeg that decodes only the segment's first keyframe. */
import { spawn } from "node:child_process";
import { TributaryError } from "#core/errors.ts";

export interface JpegPolicy {
  /** Longest side of the picture is scaled down to this height at most. */
  maxHeight: number;
  /** ffmpeg mjpeg qscale (2 best … 31 worst). */
  quality: number;
  /** A picture larger than this is refused rather than buffered. */
  maxBytes: number;
  timeoutMs: number;
}

export const defaultJpegPolicy: JpegPolicy = { maxHeight: 360, quality: 5, maxBytes: 2 * 1024 * 1024, timeoutMs: 15_000 };

/** Resolves with the JPEG bytes of the first keyframe of `init` + `segment`. */
export function extractJpeg(ffmpegPath: string, init: Uint8Array, segment: Uint8Array, policy: JpegPolicy = defaultJpegPolicy): Promise<Uint8Array> {
  const args = ["-hide_banner", "-loglevel", "error", "-nostdin", "-skip_frame", "nokey", "-f", "mp4", "-i", "pipe:0",
    "-frames:v", "1", "-vf", `scale=-2:'min(${policy.maxHeight},ih)'`, "-q:v", String(policy.quality), "-f", "image2pipe", "-c:v", "mjpeg", "pipe:1"];
  return jpegFromFfmpeg(ffmpegPath, args, Buffer.concat([init, segment]), policy);
}

/** Runs a short ffmpeg that reads `input` on stdin and writes one JPEG on stdout; resolves with the JPEG. */
export function jpegFromFfmpeg(ffmpegPath: string, args: readonly string[], input: Uint8Array, policy: Pick<JpegPolicy, "maxBytes" | "timeoutMs">): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { stdio: ["pipe", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), policy.timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > policy.maxBytes) child.kill("SIGKILL");
      else chunks.push(chunk);
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr = (stderr + text).slice(-2000)));
    child.stdin.on("error", () => undefined); // ffmpeg may stop reading once it has its frame
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new TributaryError("transcode.failed", `thumbnail ffmpeg did not start: ${error.message}`, { cause: error }));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const jpeg = Buffer.concat(chunks);
      if (code === 0 && size <= policy.maxBytes && jpeg[0] === 0xff && jpeg[1] === 0xd8) resolve(new Uint8Array(jpeg));
      else reject(new TributaryError("transcode.failed", `thumbnail ffmpeg failed (exit ${code}): ${stderr.trim().split("\n").pop() ?? ""}`));
    });
    child.stdin.end(input);
  });
}
