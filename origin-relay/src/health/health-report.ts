/**
 * Turns a measurement and the source's codecs into the report broadcasters see: exactly the
 * `live/<streamId>/health.json` record (core/src/records/ingest-health.ts), checked strictly before it
 * is written so no field is lost on the way to the API.
 */
import { ingestHealthRecordSchema, type IngestHealth } from "#core/records/ingest-health.ts";
import type { IngestCodecInfo } from "../flv/codec-info.ts";
import type { IngestMeasurement } from "./ingest-meter.ts";

export interface HealthThresholds {
  /** The keyframe interval the ladder's 2 s segments need. */
  keyframeIntervalSeconds: number;
  keyframeToleranceSeconds: number;
  /** Busiest second over the average one beyond which the bit rate is called spiky. */
  bitrateSpikeRatio: number;
  /** Below this the signal is called low. */
  minBitrate: number;
}

export const defaultHealthThresholds: HealthThresholds = { keyframeIntervalSeconds: 2, keyframeToleranceSeconds: 0.25, bitrateSpikeRatio: 2.5, minBitrate: 300_000 };

/** The deepest storage backlog since the previous report, and the cap at which the publisher is paused. */
export interface StorageBacklogSample {
  peakBytes: number;
  capBytes: number;
}

const kilobytes = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;

/** The stored record, with the fields the relay always measures made required (metrics read them). */
export type HealthReport = IngestHealth & Required<Pick<IngestHealth, "state" | "transcoder" | "lateFrames">>;

const AVC_PROFILES: Record<number, string> = { 66: "Baseline", 77: "Main", 88: "Extended", 100: "High", 110: "High 10", 122: "High 4:2:2", 244: "High 4:4:4" };

/** Profile and level from an RFC 6381 `avc1.PPCCLL` string. */
export function avcProfileLevel(codec: string): { profile?: string; level?: number } {
  const m = /^avc[13]\.([0-9a-f]{2})[0-9a-f]{2}([0-9a-f]{2})$/i.exec(codec);
  if (m === null) return {};
  const profile_idc = parseInt(m[1] ?? "0", 16);
  return { profile: AVC_PROFILES[profile_idc] ?? `profile ${profile_idc}`, level: parseInt(m[2] ?? "0", 16) / 10 };
}

export function healthReport(input: {
  streamId: string;
  measuredAt: Date;
  state: "live" | "reconnecting";
  measurement: IngestMeasurement;
  codecs: IngestCodecInfo;
  storage?: StorageBacklogSample;
  thresholds?: HealthThresholds;
  webrtcViewers?: number;
}): HealthReport {
  const { measurement: m, codecs } = input;
  const t = input.thresholds ?? defaultHealthThresholds;
  const warnings: IngestHealth["warnings"] = [];
  const advisories: IngestHealth["advisories"] = [];
  if (input.state === "live") {
    if (m.keyframeIntervalSeconds > t.keyframeIntervalSeconds + t.keyframeToleranceSeconds)
      warnings.push({ code: "long_keyframe_interval", message: `keyframes every ${m.keyframeIntervalSeconds} s; set the encoder's keyframe interval to ${t.keyframeIntervalSeconds} s` });
    else if (m.keyframeIntervalSeconds > 0 && (m.keyframeIntervalSeconds < t.keyframeIntervalSeconds - t.keyframeToleranceSeconds || m.keyframeJitterSeconds > t.keyframeToleranceSeconds))
      warnings.push({ code: "irregular_keyframes", message: `keyframes every ${m.keyframeIntervalSeconds} s (±${m.keyframeJitterSeconds} s); a fixed ${t.keyframeIntervalSeconds} s interval is expected` });
    if (m.videoFrames > 0 && m.audioFrames === 0) warnings.push({ code: "audio_missing", message: "no audio received" });
    if (m.bitrate > 0 && m.bitrate < t.minBitrate) warnings.push({ code: "low_bitrate", message: `${Math.round(m.bitrate / 1000)} kbit/s received` });
    if (m.droppedFrames > 0) warnings.push({ code: "dropped_frames", message: `${m.droppedFrames} frames dropped by the transcoder` });
    if (codecs.video !== undefined && !/^(avc1|hvc1|hev1|unknown)/.test(codecs.video.codec)) warnings.push({ code: "unsupported_codec", message: `video codec ${codecs.video.codec}` });
    if (m.bitratePeakRatio > t.bitrateSpikeRatio) advisories.push({ code: "bitrate_spike", message: `busiest second carried ${m.bitratePeakRatio}× the average bit rate` });
  }
  // Storage is slow or failing: media waits in memory, and at the cap the publisher is paused.
  const storage = input.storage;
  if (storage !== undefined && storage.peakBytes > storage.capBytes / 2)
    advisories.push({ code: "storage_behind", message: `storage is behind: up to ${kilobytes(storage.peakBytes)} of packaged media waited to be stored; the publisher is paused at ${kilobytes(storage.capBytes)}` });
  const video = codecs.video === undefined ? undefined : { ...codecs.video, ...avcProfileLevel(codecs.video.codec) };
  const report: HealthReport = {
    streamId: input.streamId,
    measuredAt: input.measuredAt.toISOString(),
    state: input.state,
    bitrate: m.bitrate,
    fps: m.fps,
    keyframeIntervalSeconds: m.keyframeIntervalSeconds,
    ...(video ? { video } : {}),
    ...(codecs.audio ? { audio: { codec: codecs.audio.codec, sampleRate: codecs.audio.sampleRate, channels: codecs.audio.channels } } : {}),
    transcoder: { ...(m.transcoderSpeed === undefined ? {} : { speed: m.transcoderSpeed }), droppedFrames: m.droppedFrames, duplicatedFrames: m.duplicatedFrames },
    lateFrames: m.lateFrames,
    ...(input.webrtcViewers === undefined ? {} : { webrtcViewers: input.webrtcViewers }),
    warnings,
    advisories,
  };
  // Strict: a field the stored schema does not know fails here, in tests, rather than vanishing in the API.
  ingestHealthRecordSchema.parse(report);
  return report;
}
