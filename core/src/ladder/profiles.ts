/**
 * The named ladder profiles a stream may pick. Each is a ladder configuration (see config.ts) without
 * the latency mode, which comes from the stream. Rungs never upscale: a 720p source published to
 * `premium-1080p` gets the rungs at or below 720p, plus its own video.
 */
import type { LadderConfigInput } from "./config.ts";

export const LADDER_PROFILES = {
  /** Five H.264 rungs from 1080p to 240p and AAC stereo: the general-purpose adaptive ladder. */
  default: {},
  /** The source's own video and audio, remuxed without transcoding: the cheapest way to go live. */
  passthrough: { passthrough: true, rungs: [] },
  /** Four rungs from 720p down, rates for cellular networks, at most 30 fps. */
  mobile: {
    maxFps: 30,
    rungs: [
      { name: "720p", width: 1280, height: 720, bitrate: 2_000_000, profile: "main" },
      { name: "480p", width: 854, height: 480, bitrate: 1_000_000, profile: "main" },
      { name: "360p", width: 640, height: 360, bitrate: 600_000, profile: "main" },
      { name: "240p", width: 426, height: 240, bitrate: 300_000, profile: "baseline" },
    ],
  },
  /** The source remuxed as the top rung, four transcoded rungs under it at higher rates, up to 60 fps. */
  "premium-1080p": {
    passthrough: true,
    rungs: [
      { name: "1080p", width: 1920, height: 1080, bitrate: 6_000_000, profile: "high" },
      { name: "720p", width: 1280, height: 720, bitrate: 3_500_000, profile: "high" },
      { name: "480p", width: 854, height: 480, bitrate: 1_600_000, profile: "main" },
      { name: "360p", width: 640, height: 360, bitrate: 900_000, profile: "main" },
    ],
  },
} satisfies Record<string, Omit<LadderConfigInput, "latency">>;

export type LadderProfileName = keyof typeof LADDER_PROFILES;

export const LADDER_PROFILE_NAMES = Object.keys(LADDER_PROFILES) as [LadderProfileName, ...LadderProfileName[]];

export function isLadderProfile(name: string): name is LadderProfileName {
  return Object.hasOwn(LADDER_PROFILES, name);
}
