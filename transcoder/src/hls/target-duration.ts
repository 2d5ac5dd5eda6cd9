/** EXT-X-TARGETDURATION (RFC 8216bis §4.4.3.1): every EXTINF rounded to the nearest integer must be ≤ it. */

export function targetDuration(configured: number, segmentDurations: readonly number[]): number {
  let target = Math.ceil(configured);
  for (const d of segmentDurations) target = Math.max(target, Math.round(d));
  return Math.max(1, target);
}
