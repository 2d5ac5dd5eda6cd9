/** ffprobe wrapper: typed stream/format info for VOD jobs and tests, validated with zod. */
import { z } from "zod";
import { TributaryError } from "#core/errors.ts";
import type { SourceInfo } from "#core/ladder/types.ts";
import { runTool } from "./run.ts";

const optionalNumber = z.union([z.number(), z.string()]).optional().transform((v) => {
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
});

/** "30000/1001" → 29.97; "0/0" → undefined. */
const rational = z.string().optional().transform((v) => {
  const m = v === undefined ? null : /^(\d+)\/(\d+)$/.exec(v);
  return m === null || Number(m[2]) === 0 || Number(m[1]) === 0 ? undefined : Number(m[1]) / Number(m[2]);
});

const StreamSchema = z.object({
  index: z.number().int(),
  codec_type: z.string(),
  codec_name: z.string().optional(),
  profile: z.string().optional(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  pix_fmt: z.string().optional(),
  avg_frame_rate: rational,
  r_frame_rate: rational,
  sample_rate: optionalNumber,
  channels: z.number().int().optional(),
  bit_rate: optionalNumber,
  duration: optionalNumber,
});

const ProbeSchema = z.object({
  streams: z.array(StreamSchema).default([]),
  format: z.object({ format_name: z.string(), duration: optionalNumber, bit_rate: optionalNumber, size: optionalNumber }),
});

const FramesSchema = z.object({
  frames: z.array(z.object({ key_frame: z.number().int(), pts_time: optionalNumber, width: z.number().int().optional(), height: z.number().int().optional() })).default([]),
});

export interface ProbeStream {
  index: number;
  codecType: string;
  codecName: string | undefined;
  profile: string | undefined;
  width: number | undefined;
  height: number | undefined;
  pixFmt: string | undefined;
  /** Average frame rate, falling back to the container's base rate. */
  fps: number | undefined;
  sampleRate: number | undefined;
  channels: number | undefined;
  bitrate: number | undefined;
  duration: number | undefined;
}

export interface ProbeResult {
  formatName: string;
  /** Seconds. */
  duration: number | undefined;
  bitrate: number | undefined;
  size: number | undefined;
  streams: ProbeStream[];
}

export interface ProbedFrame {
  ptsTime: number | undefined;
  keyFrame: boolean;
  width: number | undefined;
  height: number | undefined;
}

/**
 * Streams and format of a file or URL.
 * @example const info = await probe(tools.ffprobe, "/tmp/upload.mp4");
 */
export async function probe(ffprobe: string, input: string): Promise<ProbeResult> {
  const json = await ffprobeJson(ffprobe, ["-show_format", "-show_streams", input]);
  const parsed = parseOrThrow(ProbeSchema, json, input);
  return {
    formatName: parsed.format.format_name,
    duration: parsed.format.duration,
    bitrate: parsed.format.bit_rate,
    size: parsed.format.size,
    streams: parsed.streams.map((s) => ({
      index: s.index,
      codecType: s.codec_type,
      codecName: s.codec_name,
      profile: s.profile,
      width: s.width,
      height: s.height,
      pixFmt: s.pix_fmt,
      fps: s.avg_frame_rate ?? s.r_frame_rate,
      sampleRate: s.sample_rate,
      channels: s.channels,
      bitrate: s.bit_rate,
      duration: s.duration,
    })),
  };
}

/** Decodes every video frame of the first video stream: key flags and timestamps prove decodability and GOP placement. */
export async function probeVideoFrames(ffprobe: string, input: string): Promise<ProbedFrame[]> {
  const json = await ffprobeJson(ffprobe, ["-select_streams", "v:0", "-show_frames", "-show_entries", "frame=pts_time,key_frame,width,height", input]);
  return parseOrThrow(FramesSchema, json, input).frames.map((f) => ({ ptsTime: f.pts_time, keyFrame: f.key_frame === 1, width: f.width, height: f.height }));
}

/** The ladder's view of a probed file, or null without a video stream. */
export function sourceInfoFromProbe(result: ProbeResult): SourceInfo | null {
  const video = result.streams.find((s) => s.codecType === "video");
  if (video?.width === undefined || video.height === undefined || video.fps === undefined || video.codecName === undefined) return null;
  return {
    width: video.width,
    height: video.height,
    fps: video.fps,
    videoCodec: video.codecName,
    bitrate: video.bitrate ?? result.bitrate,
    hasAudio: result.streams.some((s) => s.codecType === "audio"),
  };
}

async function ffprobeJson(ffprobe: string, args: string[]): Promise<unknown> {
  const result = await runTool(ffprobe, ["-v", "error", "-of", "json", ...args]);
  if (result.exitCode !== 0) {
    throw new TributaryError("media.invalid", `ffprobe could not read ${args.at(-1)}: ${result.stderr.trim().split("\n").at(-1) ?? ""}`, {
      details: { exitCode: result.exitCode, stderr: result.stderr.slice(-1000) },
    });
  }
  return JSON.parse(result.stdout) as unknown;
}

function parseOrThrow<T extends z.ZodType>(schema: T, json: unknown, input: string): z.output<T> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new TributaryError("media.invalid", `unexpected ffprobe output for ${input}`, { details: { issues: parsed.error.issues } });
  return parsed.data;
}
