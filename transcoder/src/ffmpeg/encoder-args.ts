/** Per-output encoder arguments: x264 with the ladder's fixed GOP, AAC, and stream copy. */
import type { AudioRendition, Ladder, VideoRung } from "#core/ladder/types.ts";
import { formatBitrate } from "./rate.ts";

/**
 * Identical GOP on every rung: keyint fixed at segmentDuration × fps, no scene-cut keyframes, and a
 * keyframe forced on each segment boundary so segments align across rungs (and stay aligned at
 * NTSC rates where segmentDuration × fps is not a whole number).
 */
export function x264Args(rung: VideoRung, ladder: Ladder): string[] {
  const args = [
    "-c:v", "libx264",
    "-preset", rung.preset,
    "-profile:v", rung.profile,
    "-level:v", rung.level,
    "-b:v", formatBitrate(rung.bitrate),
    "-maxrate", formatBitrate(rung.maxrate),
    "-bufsize", formatBitrate(rung.bufsize),
    "-g", String(ladder.gopFrames),
    "-keyint_min", String(ladder.gopFrames),
    "-sc_threshold", "0",
    "-bf", String(ladder.bFrames),
    "-force_key_frames", `expr:gte(t,n_forced*${ladder.segmentDuration})`,
  ];
  // zerolatency: no lookahead, no frame threads, so a frame leaves the encoder as soon as it enters.
  if (ladder.latency === "low") args.push("-tune", "zerolatency");
  return args;
}

export function aacArgs(audio: AudioRendition): string[] {
  return ["-c:a", "aac", "-b:a", formatBitrate(audio.bitrate), "-ar", String(audio.sampleRate), "-ac", String(audio.channels)];
}

export const COPY_VIDEO_ARGS: readonly string[] = ["-c:v", "copy"];
