/**
 * Maps a track's millisecond decode times onto its timescale and keeps the result strictly increasing
 * and free of jumps: small backward steps are clamped, a jump beyond the policy's bounds (a publisher
 * timestamp reset, a 32-bit wrap) is rebased so the sample follows the previous one, and a steady run
 * of odd timestamps is `media.invalid` rather than a package of garbage.
 */
import { TributaryError } from "#core/errors.ts";

export interface TimelinePolicy {
  /** A forward step longer than this is a jump, not a gap. */
  maxGapMs: number;
  /** A backward step longer than this is a reset; shorter ones are clamped. */
  maxBackstepMs: number;
  /** Consecutive odd samples (clamped or rebased) before the input counts as absurd. */
  maxConsecutiveOdd: number;
}

export const defaultTimelinePolicy: TimelinePolicy = { maxGapMs: 5_000, maxBackstepMs: 1_000, maxConsecutiveOdd: 300 };

export interface TimelineOptions {
  timescale: number;
  /** Every sample lasts this long when the input agrees within half of it (AAC: 1024 samples per frame). */
  nominalDuration?: number | undefined;
  /** Duration assumed for a sample whose successor jumped, before any duration is known. */
  fallbackDuration: number;
  policy?: TimelinePolicy | undefined;
}

export class SampleTimeline {
  readonly #timescale: number;
  readonly #nominal: number | undefined;
  readonly #policy: TimelinePolicy;
  /** Ticks added to the input after a rebase. */
  #offset = 0;
  #last: number | undefined;
  #lastDuration: number;
  #odd = 0;
  /** Samples whose time was clamped or rebased. */
  corrections = 0;

  constructor(options: TimelineOptions) {
    if (!(options.timescale > 0) || !(options.fallbackDuration > 0)) throw new TypeError("timescale and fallbackDuration must be positive");
    this.#timescale = options.timescale;
    this.#nominal = options.nominalDuration;
    this.#lastDuration = options.nominalDuration ?? options.fallbackDuration;
    this.#policy = options.policy ?? defaultTimelinePolicy;
  }

  /** The duration of the last sample placed, the best guess for the one still without a successor. */
  get lastDuration(): number {
    return this.#lastDuration;
  }

  /** Converts milliseconds to ticks of this timeline (for composition offsets). */
  ticks(ms: number): number {
    return Math.round((ms * this.#timescale) / 1000);
  }

  /** The output decode time of a sample at `dtsMs`; the previous sample's duration is the difference. */
  place(dtsMs: number): number {
    const input = this.ticks(dtsMs) + this.#offset;
    const last = this.#last;
    if (last === undefined) return (this.#last = input);
    const step = input - last;
    let out: number;
    if (step > this.ticks(this.#policy.maxGapMs) || step < -this.ticks(this.#policy.maxBackstepMs)) {
      out = last + this.#lastDuration;
      this.#offset += out - input;
      this.#flagOdd();
    } else if (this.#nominal !== undefined && Math.abs(step - this.#nominal) <= this.#nominal / 2) {
      out = last + this.#nominal;
      this.#odd = 0;
    } else if (step <= 0) {
      out = last + 1;
      this.#flagOdd();
    } else {
      out = input;
      this.#odd = 0;
    }
    this.#lastDuration = out - last;
    return (this.#last = out);
  }

  #flagOdd(): void {
    this.corrections++;
    if (++this.#odd > this.#policy.maxConsecutiveOdd) {
      throw new TributaryError("media.invalid", `${this.#odd} consecutive samples with unusable timestamps`, { fatal: true });
    }
  }
}
