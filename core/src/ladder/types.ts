/** Ladder vocabulary: what renditions one stream is encoded into, and how. */

export type LatencyMode = "normal" | "low";

export type H264Profile = "baseline" | "main" | "high";

export const X264_PRESETS = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"] as const;
export type X264Preset = (typeof X264_PRESETS)[number];

/** A rung as configured: a bounding box and rate settings, before it meets a source. */
export interface RungSpec {
  /** Rendition name used in storage keys and manifests, e.g. "720p". */
  name: string;
  /** Bounding box for a landscape source; swapped for portrait sources. */
  width: number;
  height: number;
  /** Target video bitrate in bits per second. */
  bitrate: number;
  /** VBV ceiling in bits per second. */
  maxrate: number;
  /** VBV buffer size in bits. */
  bufsize: number;
  profile: H264Profile;
  /** H.264 level such as "3.1"; derived from size and frame rate when absent. */
  level?: string;
  preset: X264Preset;
}

/** A rung fitted to a source: exact output size and level. */
export interface VideoRung extends RungSpec {
  kind: "video";
  level: string;
}

/** The source's own video, remuxed without re-encoding. */
export interface PassthroughRung {
  kind: "passthrough";
  name: "source";
  width: number;
  height: number;
  fps: number;
  codec: string;
  bitrate: number | undefined;
}

export interface AudioRendition {
  name: string;
  codec: "aac";
  /** Bits per second. */
  bitrate: number;
  sampleRate: number;
  channels: number;
}

/** What the ingest knows about the incoming video. */
export interface SourceInfo {
  width: number;
  height: number;
  fps: number;
  /** ffprobe codec name: "h264", "hevc", ... */
  videoCodec: string;
  /** Bits per second, when the publisher or container says. */
  bitrate?: number;
  /** False when the source carries no audio track; defaults to true. */
  hasAudio?: boolean;
}

/** The renditions one stream is encoded into, all sharing one GOP structure. */
export interface Ladder {
  /** Transcoded rungs, largest first. */
  video: VideoRung[];
  passthrough: PassthroughRung | null;
  audio: AudioRendition | null;
  /** Output frame rate of every transcoded rung. */
  fps: number;
  latency: LatencyMode;
  /** CMAF segment duration in seconds; every segment starts on a keyframe. */
  segmentDuration: number;
  /** CMAF part (fragment) duration in seconds. */
  partDuration: number;
  /** Frames per GOP: segmentDuration × fps, identical on every rung. */
  gopFrames: number;
  /** Consecutive B-frames allowed; 0 in low-latency mode. */
  bFrames: number;
}
