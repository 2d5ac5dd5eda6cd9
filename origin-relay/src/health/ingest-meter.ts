/**
 * Measures one publisher's signal from the frames it sends (FLV tags or TS PES, as `IngestFrame`s)
 * and from the transcoder's progress: bit rate, frame rate, keyframe interval, late frames, encoder
 * drops and speed. Pure and clock-driven, so tests feed frames and move a `ManualClock`.
 */
import type { Clock } from "#core/clock.ts";
import type { ProgressUpdate } from "#transcoder/ffmpeg/progress.ts";

export interface IngestFrame {
  kind: "video" | "audio";
  /** Decode timestamp in ms as the publisher sent it. */
  dtsMs: number | undefined;
  keyframe: boolean;
  /** Payload bytes. */
  size: number;
}

export interface MeterPolicy {
  /** Measurement window for rates, ms of arrival time. */
  windowMs: number;
  /** A frame arriving this much later than its timestamp promises (relative to the earliest one) is late. */
  lateThresholdMs: number;
  /** Keyframe intervals remembered for the average. */
  keyframeHistory: number;
}

export const defaultMeterPolicy: MeterPolicy = { windowMs: 5_000, lateThresholdMs: 1_000, keyframeHistory: 8 };

export interface IngestMeasurement {
  bitrate: number;
  fps: number;
  /** Mean of the recent intervals, seconds; 0 until two keyframes arrived. */
  keyframeIntervalSeconds: number;
  /** Largest minus smallest recent keyframe interval, seconds. */
  keyframeJitterSeconds: number;
  /** Peak over mean of per-second bit rate in the window (1 = steady). */
  bitratePeakRatio: number;
  audioFrames: number;
  videoFrames: number;
  lateFrames: number;
  droppedFrames: number;
  duplicatedFrames: number;
  /** Transcoder speed relative to real time, from ffmpeg's progress. */
  transcoderSpeed: number | undefined;
}

interface Arrival {
  at: number;
  kind: "video" | "audio";
  dtsMs: number | undefined;
  size: number;
}

export class IngestMeter {
  readonly #clock: Clock;
  readonly #policy: MeterPolicy;
  #window: Arrival[] = [];
  #keyframeDts: number[] = [];
  #minLag: number | undefined;
  #late = 0;
  #audioFrames = 0;
  #videoFrames = 0;
  #progress: ProgressUpdate | undefined;
  #dropBase = 0;
  #dupBase = 0;

  constructor(clock: Clock, policy: MeterPolicy = defaultMeterPolicy) {
    this.#clock = clock;
    this.#policy = policy;
  }

  frame(frame: IngestFrame): void {
    const at = this.#clock.now();
    this.#window.push({ at, kind: frame.kind, dtsMs: frame.dtsMs, size: frame.size });
    this.#trim(at);
    if (frame.kind === "audio") this.#audioFrames++;
    else this.#videoFrames++;
    if (frame.dtsMs === undefined) return;
    const lag = at - frame.dtsMs;
    this.#minLag = this.#minLag === undefined ? lag : Math.min(this.#minLag, lag);
    if (lag - this.#minLag > this.#policy.lateThresholdMs) this.#late++;
    if (frame.kind === "video" && frame.keyframe) {
      this.#keyframeDts.push(frame.dtsMs);
      if (this.#keyframeDts.length > this.#policy.keyframeHistory + 1) this.#keyframeDts.shift();
    }
  }

  /** A new publisher session on the same broadcast: its timestamps start over. */
  resetTimeline(): void {
    this.#keyframeDts = [];
    this.#minLag = undefined;
    this.#dropBase += this.#progress?.dropFrames ?? 0;
    this.#dupBase += this.#progress?.dupFrames ?? 0;
    this.#progress = undefined;
  }

  progress(update: ProgressUpdate): void {
    this.#progress = update;
  }

  measure(): IngestMeasurement {
    const now = this.#clock.now();
    this.#trim(now);
    const spanMs = Math.max(1, Math.min(this.#policy.windowMs, now - (this.#window[0]?.at ?? now)));
    const bytes = this.#window.reduce((n, a) => n + a.size, 0);
    const video = this.#window.filter((a) => a.kind === "video" && a.dtsMs !== undefined);
    const first = video[0]?.dtsMs ?? 0;
    const last = video[video.length - 1]?.dtsMs ?? 0;
    const intervals = this.#keyframeDts.slice(1).map((dts, i) => (dts - (this.#keyframeDts[i] ?? dts)) / 1000);
    const mean = intervals.length === 0 ? 0 : intervals.reduce((a, b) => a + b, 0) / intervals.length;
    return {
      // Whole kbit/s: finer is noise.
      bitrate: Math.round((bytes * 8) / spanMs) * 1000,
      fps: video.length > 1 && last > first ? round2(((video.length - 1) * 1000) / (last - first)) : 0,
      keyframeIntervalSeconds: round2(mean),
      keyframeJitterSeconds: intervals.length === 0 ? 0 : round2(Math.max(...intervals) - Math.min(...intervals)),
      bitratePeakRatio: this.#peakRatio(now),
      audioFrames: this.#audioFrames,
      videoFrames: this.#videoFrames,
      lateFrames: this.#late,
      droppedFrames: this.#dropBase + (this.#progress?.dropFrames ?? 0),
      duplicatedFrames: this.#dupBase + (this.#progress?.dupFrames ?? 0),
      transcoderSpeed: this.#progress?.speed,
    };
  }

  /** Bytes per whole second of the window: the busiest second over the average one. */
  #peakRatio(now: number): number {
    const seconds = new Map<number, number>();
    for (const a of this.#window) seconds.set(Math.floor((now - a.at) / 1000), (seconds.get(Math.floor((now - a.at) / 1000)) ?? 0) + a.size);
    const slots = Math.max(1, Math.ceil(this.#policy.windowMs / 1000));
    const totals = [...seconds.values()];
    const mean = totals.reduce((a, b) => a + b, 0) / slots;
    return mean === 0 || seconds.size < slots ? 1 : round2(Math.max(...totals) / mean);
  }

  #trim(now: number): void {
    const from = now - this.#policy.windowMs;
    let drop = 0;
    while (drop < this.#window.length && (this.#window[drop]?.at ?? now) < from) drop++;
    if (drop > 0) this.#window = this.#window.slice(drop);
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
