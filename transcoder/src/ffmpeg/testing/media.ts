/** Test media made by ffmpeg at test time: small, short, deterministic sources. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTool } from "../run.ts";

export interface ClipOptions {
  seconds: number;
  width: number;
  height: number;
  fps: number;
  /** Source GOP in frames (deliberately not the ladder's, so alignment comes from our args). */
  gop: number;
  format: "flv" | "mpegts";
}

const DEFAULT_CLIP: ClipOptions = { seconds: 4, width: 640, height: 360, fps: 30, gop: 30, format: "flv" };

/** testsrc2 + sine, libx264/aac, written to `path`. */
export async function makeClip(path: string, options: Partial<ClipOptions> = {}): Promise<string> {
  const o = { ...DEFAULT_CLIP, ...options };
  const result = await runTool("ffmpeg", [
    "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
    "-f", "lavfi", "-i", `testsrc2=size=${o.width}x${o.height}:rate=${o.fps}`,
    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
    "-t", String(o.seconds),
    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", String(o.gop),
    "-c:a", "aac", "-b:a", "64k",
    "-f", o.format, path,
  ]);
  if (result.exitCode !== 0) throw new Error(`makeClip failed: ${result.stderr}`);
  return path;
}

/** A fresh temp directory and its cleanup. */
export async function tempDir(prefix = "tributary-ffmpeg-"): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
