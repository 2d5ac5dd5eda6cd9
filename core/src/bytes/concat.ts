/** Byte helpers shared by every binary layer (RTMP, FLV, MPEG-TS, ISO-BMFF). */

/**
 * The bytes of `parts` back to back in one new array; `undefined` entries are skipped. A single part
 * is returned as it is, without a copy.
 * @example
 * concat([styp, moof, mdat]);
 */
export function concat(parts: readonly (Uint8Array | undefined)[]): Uint8Array {
  let size = 0;
  let only: Uint8Array | undefined;
  let count = 0;
  for (const part of parts) {
    if (part === undefined) continue;
    size += part.byteLength;
    only = part;
    count++;
  }
  if (count === 1 && only !== undefined) return only;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    if (part === undefined) continue;
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** True when `a` and `b` hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
