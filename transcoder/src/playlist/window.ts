/** The sliding window of a live media playlist (RFC 8216bis §6.2.2). */

export interface WindowInput<S extends { discontinuity: boolean }> {
  segments: readonly S[];
  /** Sequence number of `segments[0]`. */
  firstSequence: number;
  /** Discontinuity sequence in force at `segments[0]`. */
  firstDiscontinuitySequence: number;
  /** How many segments stay listed. */
  size: number;
}

export interface Window<S> {
  segments: S[];
  mediaSequence: number;
  discontinuitySequence: number;
}

/**
 * Keeps the last `size` segments. Each removed segment that carried EXT-X-DISCONTINUITY advances the
 * discontinuity sequence, as §6.2.2 requires, so players keep timelines apart.
 */
export function slideWindow<S extends { discontinuity: boolean }>(input: WindowInput<S>): Window<S> {
  if (!Number.isInteger(input.size) || input.size < 1) throw new TypeError("window size must be a positive integer");
  const drop = Math.max(0, input.segments.length - input.size);
  let discontinuitySequence = input.firstDiscontinuitySequence;
  for (let i = 0; i < drop; i++) if (input.segments[i]?.discontinuity === true) discontinuitySequence++;
  return { segments: input.segments.slice(drop), mediaSequence: input.firstSequence + drop, discontinuitySequence };
}
