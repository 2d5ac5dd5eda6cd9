/** ffprobe as the judge of our bytes: decodes a URL or file and counts what it found. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface DecodedStream {
  index: number;
  codecType: string;
  codecName: string;
  width?: number;
  height?: number;
  /** Frames ffprobe decoded (`-count_frames`). */
  frames: number;
}

/** Decodes every stream of `input` (a URL or path) and returns per-stream decoded frame counts. */
export async function decodeStreams(input: string, extra: string[] = []): Promise<DecodedStream[]> {
  const { stdout } = await run("ffprobe", ["-v", "error", ...extra, "-count_frames", "-show_entries", "stream=index,codec_type,codec_name,width,height,nb_read_frames", "-of", "json", input], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
  });
  const parsed = JSON.parse(stdout) as { streams: { index: number; codec_type: string; codec_name: string; width?: number; height?: number; nb_read_frames?: string }[] };
  return parsed.streams.map((s) => ({
    index: s.index,
    codecType: s.codec_type,
    codecName: s.codec_name,
    ...(s.width === undefined ? {} : { width: s.width }),
    ...(s.height === undefined ? {} : { height: s.height }),
    frames: Number(s.nb_read_frames ?? 0),
  }));
}
