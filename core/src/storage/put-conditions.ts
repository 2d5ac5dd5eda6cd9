/** Validation of put options, and the error a failed conditional put (`If-None-Match: *`, `If-Match`) throws. */
import { TributaryError } from "../errors.ts";
import type { ObjectTags, PutOptions } from "./object-store.ts";

/** Longest `contentType` / `cacheControl` accepted, so every adapter can store them as a header. */
export const MAX_HEADER_VALUE_LENGTH = 256;
const HEADER_VALUE = /^[\x20-\x7e]*$/;
/** S3's limits on object tags. */
const MAX_TAGS = 10;
const TAG_KEY = /^[A-Za-z0-9 +\-=._:/@]{1,128}$/;
const TAG_VALUE = /^[A-Za-z0-9 +\-=._:/@]{0,256}$/;

/** Throws `TypeError` for options our own code must never send: conflicting conditions, unsafe header values. */
export function assertPutOptions(options: PutOptions): void {
  for (const [name, value] of [["contentType", options.contentType], ["cacheControl", options.cacheControl]] as const) {
    if (value !== undefined && (value.length > MAX_HEADER_VALUE_LENGTH || !HEADER_VALUE.test(value))) {
      throw new TypeError(`${name} must be at most ${MAX_HEADER_VALUE_LENGTH} printable ASCII characters`);
    }
  }
  if (options.tags !== undefined) {
    const entries = Object.entries(options.tags);
    if (entries.length > MAX_TAGS) throw new TypeError(`at most ${MAX_TAGS} object tags`);
    for (const [key, value] of entries) if (!TAG_KEY.test(key) || !TAG_VALUE.test(value)) throw new TypeError(`object tag ${JSON.stringify(key)} is not a valid S3 tag`);
  }
  if (options.ifNoneMatch !== undefined && options.ifMatch !== undefined) throw new TypeError("put takes ifNoneMatch or ifMatch, not both");
  if (options.ifNoneMatch !== undefined && options.ifNoneMatch !== "*") throw new TypeError('ifNoneMatch must be "*"');
}

export function preconditionFailed(key: string, condition: "If-None-Match" | "If-Match", cause?: unknown): TributaryError {
  return new TributaryError("storage.precondition_failed", `${condition} precondition failed for ${key}`, { details: { key, condition }, cause });
}

/** Tags as S3 takes them with a write: the `x-amz-tagging` header / `Tagging` parameter (URL query form). */
export function encodeTags(tags: ObjectTags | undefined): string | undefined {
  if (tags === undefined || Object.keys(tags).length === 0) return undefined;
  return Object.entries(tags)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join("&");
}
