/**
 * EXT-X-PART-INF PART-TARGET (RFC 8216bis §4.4.3.7) for a ladder: every part must be ≤ it and it must
 * never change for the stream's life, so it is fixed up front from how the muxer cuts fragments.
 */
import type { Ladder } from "#core/ladder/types.ts";

/**
 * The muxer closes a fragment at the first sample boundary at or after `partDuration`, so a track's
 * longest part is `partDuration` rounded up to whole samples; the target is the longest over all
 * tracks, rounded up to the millisecond.
 * @example choosePartTarget(0.2, [1 / 30, 1024 / 48000]) // 0.214: ten AAC frames are 0.2133 s
 */
export function choosePartTarget(partDuration: number, sampleDurations: readonly number[]): number {
  if (!(partDuration > 0)) throw new TypeError("partDuration must be positive");
  let longest = partDuration;
  for (const sample of sampleDurations) {
    if (!(sample > 0)) throw new TypeError("sample durations must be positive");
    // The epsilon keeps an exact multiple (0.2 s of 30 fps video) from rounding up a whole sample.
    longest = Math.max(longest, Math.ceil(partDuration / sample - 1e-9) * sample);
  }
  return Math.ceil(longest * 1000 - 1e-6) / 1000;
}

/** AAC frames are 1024 samples (ISO/IEC 14496-3 §1.6.5, the AAC-LC frame length). */
const AAC_FRAME_SAMPLES = 1024;

/**
 * PART-TARGET for a ladder: its part duration against every track's sample duration.
 * @example new LiveMedia({ ..., partTarget: ladderPartTarget(ladder), targetDuration: ladder.segmentDuration })
 */
export function ladderPartTarget(ladder: Pick<Ladder, "partDuration" | "fps" | "audio" | "passthrough">): number {
  const samples = [1 / ladder.fps];
  if (ladder.passthrough !== null) samples.push(1 / ladder.passthrough.fps);
  if (ladder.audio !== null) samples.push(AAC_FRAME_SAMPLES / ladder.audio.sampleRate);
  return choosePartTarget(ladder.partDuration, samples);
}
