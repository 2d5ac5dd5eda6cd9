/** xs:duration values for MPD attributes (ISO/IEC 23009-1 §5.3.1.2 uses XML Schema durations). */

/** `PT2S`, `PT1.5S`, `PT1H0M3.2S`-free form: seconds only, up to milliseconds. */
export function isoDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new TypeError(`invalid duration ${seconds}`);
  return `PT${Number(seconds.toFixed(3))}S`;
}
