/**
 * Argument building for ONE ffmpeg process per stream: decode once, encode every rung with aligned
 * GOPs, encode audio once, and write fragmented MP4 per rendition to its own pipe (fd 3, 4, ...).
 */
import type { Ladder } from "#core/ladder/types.ts";
import { COPY_VIDEO_ARGS, aacArgs, x264Args } from "./encoder-args.ts";
import { filterGraph, type PictureSize } from "./filter-graph.ts";

/** FLV from RTMP, MPEG-TS from SRT, Matroska (H.264 and Opus) from WHIP. */
export type LiveInputFormat = "flv" | "mpegts" | "matroska";

export type FfmpegInput =
  /** Live: container bytes arrive on stdin (FLV from RTMP, MPEG-TS from SRT, Matroska from WHIP). */
  | { kind: "pipe"; format: LiveInputFormat }
  /** VOD or tests: a file path or URL; `realtime` reads it at its native rate (`-re`). */
  | { kind: "file"; path: string; realtime?: boolean };

export type RenditionKind = "video" | "passthrough" | "audio";

export interface OutputPipe {
  /** Rendition name from the ladder ("720p", "source", "audio"). */
  rendition: string;
  kind: RenditionKind;
  /** File descriptor in the child; ffmpeg writes to `pipe:<fd>`. */
  fd: number;
}

export interface FfmpegCommand {
  args: string[];
  /** One entry per rendition, in fd order. */
  outputs: OutputPipe[];
  /** For `child_process.spawn`: stdin, no stdout, stderr for logs and progress, then one pipe per output. */
  stdio: ("pipe" | "ignore")[];
}

/** First fd after stdin/stdout/stderr. */
const FIRST_OUTPUT_FD = 3;

/**
 * The live ladder command; input arrives on stdin.
 * @example
 * const cmd = buildLiveArgs(ladder, { inputFormat: "flv" });
 * spawn("ffmpeg", cmd.args, { stdio: cmd.stdio });
 */
export function buildLiveArgs(ladder: Ladder, options: { inputFormat: LiveInputFormat; source?: PictureSize | undefined }): FfmpegCommand {
  return buildLadderArgs(ladder, { kind: "pipe", format: options.inputFormat }, options.source);
}

/** The same ladder command reading a file (VOD jobs): no `-re`, stdin unused. */
export function buildVodArgs(ladder: Ladder, options: { path: string }): FfmpegCommand {
  return buildLadderArgs(ladder, { kind: "file", path: options.path });
}

/** `source`: the input's picture size when known; no rung is scaled up past it. */
export function buildLadderArgs(ladder: Ladder, input: FfmpegInput, source?: PictureSize): FfmpegCommand {
  if (ladder.video.length === 0 && ladder.passthrough === null && ladder.audio === null) {
    throw new TypeError("buildLadderArgs: the ladder has no renditions");
  }
  const args = [
    "-hide_banner",
    "-loglevel", "level+warning",
    // Machine-readable progress blocks on stderr, between the warning lines.
    "-nostats", "-progress", "pipe:2", "-stats_period", "0.5",
    ...inputArgs(input),
  ];
  const outputs: OutputPipe[] = [];
  const nextFd = () => FIRST_OUTPUT_FD + outputs.length;

  if (ladder.video.length > 0) {
    const { graph, labels } = filterGraph(ladder, source);
    args.push("-filter_complex", graph);
    ladder.video.forEach((rung, i) => {
      const fd = nextFd();
      args.push("-map", labels[i] ?? "", ...x264Args(rung, ladder), "-an", ...fmp4Args(ladder, "video"), `pipe:${fd}`);
      outputs.push({ rendition: rung.name, kind: "video", fd });
    });
  }
  if (ladder.passthrough !== null) {
    const fd = nextFd();
    args.push("-map", "0:v:0", ...COPY_VIDEO_ARGS, "-an", ...fmp4Args(ladder, "video"), `pipe:${fd}`);
    outputs.push({ rendition: ladder.passthrough.name, kind: "passthrough", fd });
  }
  if (ladder.audio !== null) {
    const fd = nextFd();
    args.push("-map", "0:a:0", ...aacArgs(ladder.audio), "-vn", ...fmp4Args(ladder, "audio"), `pipe:${fd}`);
    outputs.push({ rendition: ladder.audio.name, kind: "audio", fd });
  }
  const stdio: FfmpegCommand["stdio"] = [input.kind === "pipe" ? "pipe" : "ignore", "ignore", "pipe", ...outputs.map(() => "pipe" as const)];
  return { args, outputs, stdio };
}

function inputArgs(input: FfmpegInput): string[] {
  if (input.kind === "pipe") return ["-f", input.format, "-i", "pipe:0"];
  // -nostdin: with a file input ffmpeg would otherwise read stdin for interactive keys.
  return ["-nostdin", ...(input.realtime === true ? ["-re"] : []), "-i", input.path];
}

/**
 * Fragmented MP4 for the CMAF packager: an empty moov up front, a fragment at every video keyframe
 * and at most every part duration, tfhd default-base-is-moof (CMAF requires it, ISO/IEC 23000-19
 * §7.5.16), no mfra trailer, and each fragment flushed to the pipe as soon as it is cut.
 */
function fmp4Args(ladder: Ladder, kind: "video" | "audio"): string[] {
  return [
    ...(kind === "video" ? ["-video_track_timescale", "90000"] : []),
    "-f", "mp4",
    "-movflags", "+frag_keyframe+empty_moov+default_base_moof+skip_trailer",
    "-frag_duration", String(Math.round(ladder.partDuration * 1_000_000)),
    "-flush_packets", "1",
  ];
}
