/**
 * Live key rotation: a broadcast's segments are grouped into key periods of `rotation` segments, each
 * under its own content key. VOD assets have one period, 0.
 */

/** Segments per key period when a stream sets none: about a minute of 2-second segments. */
export const DEFAULT_KEY_ROTATION_SEGMENTS = 30;

/** The key period of media sequence `sequence` when keys rotate every `rotation` segments. */
export function keyPeriod(sequence: number, rotation: number): number {
  if (!Number.isSafeInteger(sequence) || sequence < 0) throw new TypeError("sequence must be a non-negative integer");
  if (!Number.isSafeInteger(rotation) || rotation < 1) throw new TypeError("rotation must be a positive integer");
  return Math.floor(sequence / rotation);
}
