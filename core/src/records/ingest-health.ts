/**
 * `live/<streamId>/health.json`: what the relay last measured of a publisher's signal, so the API can
 * show broadcasters problems (low bitrate, irregular keyframes) while they are live.
 */
import { z } from "zod";
import { isTributaryError } from "../errors.ts";
import { readJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";

/**
 * Stable codes; `bitrate_spike` and `storage_behind` (packaged media waiting for storage past half the
 * relay's cap) are advisories (the signal still plays), the others are warnings.
 */
export const ingestWarningCodeSchema = z.enum(["low_bitrate", "irregular_keyframes", "long_keyframe_interval", "dropped_frames", "audio_missing", "unsupported_codec", "bitrate_spike", "storage_behind"]);

/**
 * The record, built either way: readers strip keys they do not know (a newer relay may write more),
 * writers are strict, so a field the schema lacks fails the writer's parse instead of vanishing.
 */
function healthSchema(strict: boolean) {
  const object = strict ? z.strictObject : z.object;
  const warning = object({ code: ingestWarningCodeSchema, message: z.string().max(500) });
  return object({
    streamId: z.string(),
    /** When the relay measured this. */
    measuredAt: z.string(),
    /** `reconnecting` while the publisher is gone but inside the reconnect window (no warnings then). */
    state: z.enum(["live", "reconnecting"]).optional(),
    /** Received bits per second over the last measurement window. */
    bitrate: z.number().nonnegative(),
    /** Frames per second received. */
    fps: z.number().nonnegative(),
    /** Seconds between keyframes, as received. */
    keyframeIntervalSeconds: z.number().nonnegative(),
    video: object({
      codec: z.string().max(64),
      width: z.number().int().positive().optional(),
      height: z.number().int().positive().optional(),
      /** As the encoder declared it (onMetaData). */
      frameRate: z.number().positive().optional(),
      /** From the codec string, e.g. `High` and 3.1 for `avc1.64001f`. */
      profile: z.string().max(64).optional(),
      level: z.number().nonnegative().optional(),
    }).optional(),
    audio: object({ codec: z.string().max(64), sampleRate: z.number().int().positive().optional(), channels: z.number().int().positive().optional() }).optional(),
    /** What ffmpeg reports of the ladder encode: speed 1 keeps up with real time. */
    transcoder: object({
      speed: z.number().nonnegative().optional(),
      droppedFrames: z.number().int().nonnegative(),
      duplicatedFrames: z.number().int().nonnegative(),
    }).optional(),
    /** Frames that arrived later than their timestamps allow (network stalls). */
    lateFrames: z.number().int().nonnegative().optional(),
    /** Viewers watching over WebRTC (WHEP) from this relay now. */
    webrtcViewers: z.number().int().nonnegative().optional(),
    warnings: z.array(warning).default([]),
    /** Worth knowing, not a fault (`bitrate_spike`, `storage_behind`). */
    advisories: z.array(warning).default([]),
  });
}

export const ingestWarningSchema = z.object({ code: ingestWarningCodeSchema, message: z.string().max(500) });

/** For readers (the API): fields added after the first version are optional, so old records still parse. */
export const ingestHealthSchema = healthSchema(false);

/** For the writer (the relay): exactly the fields readers know, nothing else. */
export const ingestHealthRecordSchema = healthSchema(true);

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
