/**
 * `live/<streamId>/health.json`: what the relay last measured of a publisher's signal, so the API can
 * show broadcasters problems (low bitrate, irregular keyframes) while they are live.
 */
import { z } from "zod";
import { isTributaryError } from "../errors.ts";
import { readJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";

export const ingestWarningSchema = z.object({
  code: z.enum(["low_bitrate", "irregular_keyframes", "long_keyframe_interval", "dropped_frames", "audio_missing", "unsupported_codec"]),
  message: z.string().max(500),
});

export const ingestHealthSchema = z.object({
  streamId: z.string(),
  /** When the relay measured this. */
  measuredAt: z.string(),
  /** Received bits per second over the last measurement window. */
  bitrate: z.number().nonnegative(),
  /** Frames per second received. */
  fps: z.number().nonnegative(),
  /** Seconds between keyframes, as received. */
  keyframeIntervalSeconds: z.number().nonnegative(),
  video: z.object({ codec: z.string().max(64), width: z.number().int().positive().optional(), height: z.number().int().positive().optional() }).optional(),
  audio: z.object({ codec: z.string().max(64), sampleRate: z.number().int().positive().optional(), channels: z.number().int().positive().optional() }).optional(),
  warnings: z.array(ingestWarningSchema).default([]),
});
export type IngestHealth = z.infer<typeof ingestHealthSchema>;

/** The last health the relay wrote, or `undefined` when none (or when it is unreadable: health is advisory). */
export async function readIngestHealth(store: ObjectStore, streamId: string): Promise<IngestHealth | undefined> {
  try {
    return (await readJson(store, keys.ingestHealth(streamId), ingestHealthSchema))?.value;
  } catch (error) {
    if (isTributaryError(error, "record.invalid")) return undefined;
    throw error;
  }
}
