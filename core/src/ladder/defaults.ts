/** Default ladder: five H.264 rungs for 16:9 sources at up to 30 fps, and one AAC stereo rendition. */
import type { AudioRendition, LatencyMode, RungSpec } from "./types.ts";

function rung(name: string, width: number, height: number, kbps: number, profile: RungSpec["profile"]): RungSpec {
  const bitrate = kbps * 1000;
  // maxrate 1.07× and a 1.5× buffer: capped VBR that keeps segment sizes steady for ABR.
  return { name, width, height, bitrate, maxrate: Math.round(bitrate * 1.07), bufsize: Math.round(bitrate * 1.5), profile, preset: "veryfast" };
}

export const DEFAULT_RUNGS: readonly RungSpec[] = [
  rung("1080p", 1920, 1080, 5000, "high"),
  rung("720p", 1280, 720, 2800, "high"),
  rung("480p", 854, 480, 1400, "main"),
  rung("360p", 640, 360, 800, "main"),
  rung("240p", 426, 240, 400, "main"),
];

export const DEFAULT_AUDIO: AudioRendition = { name: "audio", codec: "aac", bitrate: 128_000, sampleRate: 48_000, channels: 2 };

/** Default rates above 30 fps are raised by this factor (more frames, same quality). */
export const HIGH_FPS_BITRATE_FACTOR = 1.5;

export const DEFAULT_SEGMENT_DURATION = 2;

/** CMAF part duration per latency mode, seconds (LL-HLS PART-TARGET). */
export const DEFAULT_PART_DURATION: Record<LatencyMode, number> = { normal: 1 / 3, low: 0.2 };

/** B-frames per latency mode: none in low latency, so every frame can leave the encoder at once. */
export const DEFAULT_B_FRAMES: Record<LatencyMode, number> = { normal: 2, low: 0 };

/** Codecs a passthrough rung can carry in fMP4. */
export const PASSTHROUGH_CODECS: readonly string[] = ["h264", "hevc"];
