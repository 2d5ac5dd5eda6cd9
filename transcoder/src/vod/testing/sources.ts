/** Upload sources made at test time: an MP4 from ffmpeg's lavfi generators, and bytes that are not media. */
import { writeFile } from "node:fs/promises";
import { runTool } from "../../ffmpeg/run.ts";

/** testsrc2 + sine as H.264/AAC MP4 (moov first, as cameras and editors write them). */
export async function makeMp4(path: string, options: { seconds: number; width: number; height: number; fps?: number; videoBitrate?: string }): Promise<string> {
  const fps = options.fps ?? 30;
  const result = await runTool("ffmpeg", [
    "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
    "-f", "lavfi", "-i", `testsrc2=size=${options.width}x${options.height}:rate=${fps}`,
    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
    "-t", String(options.seconds),
    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", ...(options.videoBitrate ? ["-b:v", options.videoBitrate] : []), "-c:a", "aac", "-b:a", "64k",
    "-movflags", "+faststart", "-f", "mp4", path,
  ]);
  if (result.exitCode !== 0) throw new Error(`makeMp4 failed: ${result.stderr}`);
  return path;
}

/** A file with an MP4 name and no media in it. */
export async function makeCorrupt(path: string, bytes = 256 * 1024): Promise<string> {
  const junk = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) junk[i] = (i * 2654435761) >>> 24;
  await writeFile(path, junk);
  return path;
}
