/**
 * Cuts one track's samples into CMAF chunks the way ffmpeg's `frag_keyframe` + `frag_duration` do: a
 * new chunk before every sync sample (video) and once a chunk reaches the part duration. A sample's
 * duration is only known when the next one arrives, so the newest sample is always held back.
 */
import { writeStyp } from "../boxes/styp.ts";
import type { CmafChunk } from "../cmaf/types.ts";
import { writeMediaChunk } from "./media-fragment.ts";
import type { FragmentSample } from "./media-fragment.ts";

/** Every chunk is written after an `styp`, so whichever one starts a segment is stored without a copy. */
const STYP = writeStyp();

export interface TimedSample {
  /** Decode time in the track's timescale, strictly increasing. */
  dts: number;
  compositionOffset: number;
  sync: boolean;
  data: Uint8Array;
}

export interface TrackFragmenterOptions {
  track_ID: number;
  /** Part duration in ticks: a chunk closes at the first sample boundary at or after it. */
  partTicks: number;
  /** Start a chunk at every sync sample (video; audio samples are all sync). */
  cutAtSync: boolean;
  /**
   * Never let a chunk grow past this (LL-HLS PART-TARGET, RFC 8216bis §4.4.3.7), judging the next
   * sample by the last one: copied 44.1 kHz AAC frames are longer than the 48 kHz frames it assumes.
   */
  maxPartTicks?: number | undefined;
}

export class TrackFragmenter {
  readonly #options: TrackFragmenterOptions;
  #held: TimedSample | undefined;
  #samples: FragmentSample[] = [];
  #start = 0;
  #duration = 0;
  #sequence = 1;

  constructor(options: TrackFragmenterOptions) {
    if (!(options.partTicks > 0)) throw new TypeError("partTicks must be positive");
    this.#options = options;
  }

  /** Adds a sample; returns the chunks (`moof`+`mdat`) it completes. */
  push(sample: TimedSample): CmafChunk[] {
    const out: CmafChunk[] = [];
    const held = this.#held;
    if (held !== undefined) {
      const duration = sample.dts - held.dts;
      this.#append(held, duration);
      const max = this.#options.maxPartTicks;
      const full = this.#duration >= this.#options.partTicks || (max !== undefined && this.#duration + duration > max);
      if (full || (sample.sync && this.#options.cutAtSync)) this.#emit(out, sample.sync);
    }
    this.#held = sample;
    return out;
  }

  /** End of input (or a new header): the held sample gets `lastDuration` and the open chunk is emitted. */
  flush(lastDuration: number): CmafChunk[] {
    const out: CmafChunk[] = [];
    if (this.#held !== undefined) this.#append(this.#held, lastDuration);
    this.#held = undefined;
    this.#emit(out, false);
    return out;
  }

  #append(sample: TimedSample, duration: number): void {
    if (this.#samples.length === 0) this.#start = sample.dts;
    this.#samples.push({ duration, compositionOffset: sample.compositionOffset, sync: sample.sync, data: sample.data });
    this.#duration += duration;
  }

  /** `beforeSync`: the sample after this chunk is a sync sample (the next chunk is independent). */
  #emit(out: CmafChunk[], beforeSync: boolean): void {
    const samples = this.#samples;
    const first = samples[0];
    if (first === undefined) return;
    const sequence_number = this.#sequence++;
    const written = writeMediaChunk({ sequence_number, track_ID: this.#options.track_ID, baseMediaDecodeTime: this.#start, samples }, STYP);
    out.push({
      bytes: written.bytes,
      stypSize: written.prefixSize,
      moofSize: written.moofSize,
      timing: { sequence_number, baseMediaDecodeTime: this.#start, duration: this.#duration, independent: first.sync, sampleCount: samples.length },
      nextIndependent: beforeSync,
    });
    this.#samples = [];
    this.#duration = 0;
  }
}
