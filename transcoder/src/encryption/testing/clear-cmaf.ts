/** A short clear CMAF track made by real ffmpeg and cut by our segmenter: what the encryptors get in production. */
import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { CmafSegmenter } from "../../cmaf/segmenter.ts";
import type { CmafInit, CmafSegment } from "../../cmaf/types.ts";

export interface ClearTrack {
  init: Uint8Array;
  header: CmafInit;
  segments: CmafSegment[];
}

const FMP4 = ["-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+default_base_moof+cmaf", "-frag_duration", "333333", "pipe:1"];

/** ffmpeg arguments for `seconds` of testsrc2 as x264 (B-frames, CABAC), or of a sine as AAC. */
export function testSourceArgs(kind: "video" | "audio", seconds: number): string[] {
  const input = kind === "video" ? ["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=15"] : ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"];
  const codec = kind === "video" ? ["-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", "30", "-keyint_min", "30", "-sc_threshold", "0"] : ["-c:a", "aac", "-b:a", "64k"];
  return ["-hide_banner", "-loglevel", "error", ...input, "-t", String(seconds), ...codec, ...FMP4];
}

/** Runs ffmpeg with `args` (writing fMP4 to stdout) and returns the header and 2 s segments. */
export async function clearTrack(args: readonly string[]): Promise<ClearTrack> {
  const child = spawn("ffmpeg", args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const segmenter = new CmafSegmenter({ targetDuration: 2 });
  const events = [];
  for await (const chunk of child.stdout as Readable) events.push(...segmenter.push(chunk as Uint8Array));
  events.push(...segmenter.flush());
  const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on("close", resolve)));
  if (code !== 0) throw new Error(`ffmpeg failed: ${stderr}`);
  const init = events.find((e) => e.type === "init");
  if (init?.type !== "init") throw new Error("no init segment");
  return { init: init.init.bytes, header: init.init, segments: events.flatMap((e) => (e.type === "segment" ? [e.segment] : [])) };
}
