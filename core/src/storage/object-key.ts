/**
 * Rules every adapter applies to object keys, so a key that works on one store works on all of them
 * and can never name a path outside the store (filesystem adapter) or confuse a prefix listing.
 */
import { TributaryError } from "../errors.ts";

/** S3's own limit on a key's UTF-8 length. */
export const MAX_KEY_BYTES = 1024;
/** Common filesystem limit on one path segment (NAME_MAX). */
export const MAX_SEGMENT_BYTES = 255;

const encoder = new TextEncoder();
// Lone surrogates cannot be encoded as UTF-8.
const LONE_SURROGATE = /\p{Surrogate}/u;

/** C0 controls (NUL included), DEL and backslash: never part of a portable key or path segment. */
function hasForbiddenCharacter(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return true;
  }
  return LONE_SURROGATE.test(key);
}

function invalid(key: string, reason: string): TributaryError {
  return new TributaryError("storage.invalid_key", `invalid object key: ${reason}`, { details: { key: key.slice(0, 128), reason } });
}

/**
 * Throws `storage.invalid_key` unless `key` is a relative, `/`-separated key with no empty, `.` or
 * `..` segments, no control characters or backslashes, at most 1024 UTF-8 bytes.
 * @example assertObjectKey("media/abc/720p/12.m4s")
 */
export function assertObjectKey(key: string): string {
  if (key.length === 0) throw invalid(key, "empty");
  if (hasForbiddenCharacter(key)) throw invalid(key, "control character, backslash or lone surrogate");
  if (encoder.encode(key).byteLength > MAX_KEY_BYTES) throw invalid(key, `longer than ${MAX_KEY_BYTES} bytes`);
  for (const segment of key.split("/")) {
    if (segment === "") throw invalid(key, "empty segment (leading, trailing or doubled '/')");
    if (segment === "." || segment === "..") throw invalid(key, "'.' or '..' segment");
    if (encoder.encode(segment).byteLength > MAX_SEGMENT_BYTES) throw invalid(key, `segment longer than ${MAX_SEGMENT_BYTES} bytes`);
  }
  return key;
}

/** Orders keys by their UTF-8 bytes, as S3 lists them (differs from `<` on astral characters). */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Clamps a list page size to 1..1000 (S3's maximum); 1000 when absent. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return 1000;
  if (!Number.isInteger(limit) || limit < 1) throw new TypeError("list limit must be a positive integer");
  return Math.min(limit, 1000);
}
