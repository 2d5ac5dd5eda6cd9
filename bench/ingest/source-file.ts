/**
 * The publishers' input: a 720p30, 3 Mb/s H.264 + AAC FLV made once with ffmpeg (testsrc2 + sine,
 * keyframe every 2 s, no scene-cut keyframes) and kept under bench/results/ for later runs.
 */
import { spawn } from "node:child_process";
import { access, mkdir, rename } from "node:fs/promises";
import { dirname } from "node:path";

export const SOURCE = { width: 1280, height: 720, fps: 30, videoBitrate: 3_000_000, seconds: 30, keyframeSeconds: 2 } as const;

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("ffmpeg", args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr}`))));
  });
}

/** Path of the source FLV, made on first use. */
export async function ensureSourceFile(path: string): Promise<string> {
  if (await access(path).then(() => true, () => false)) return path;
  await mkdir(dirname(path), { recursive: true });
  const { width, height, fps, videoBitrate, seconds, keyframeSeconds } = SOURCE;
  const gop = String(fps * keyframeSeconds);
  const partial = `${path}.partial.flv`;
  await ffmpeg([
    "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
    "-f", "lavfi", "-i", `testsrc2=size=${width}x${height}:rate=${fps}`,
    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
    "-t", String(seconds),
    "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-profile:v", "high",
    "-b:v", String(videoBitrate), "-maxrate", String(videoBitrate), "-bufsize", String(videoBitrate * 2),
    "-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
    "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
    "-f", "flv", partial,
  ]);
  await rename(partial, path);
  return path;
}
