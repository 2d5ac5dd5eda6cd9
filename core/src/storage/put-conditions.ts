/** Validation of put options, and the error a failed conditional put (`If-None-Match: *`, `If-Match`) throws. */
import { TributaryError } from "../errors.ts";
import type { PutOptions } from "./object-store.ts";

/** Longest `contentType` / `cacheControl` accepted, so every adapter can store them as a header. */
export const MAX_HEADER_VALUE_LENGTH = 256;
const HEADER_VALUE = /^[\x20-\x7e]*$/;

/** Throws `TypeError` for options our own code must never send: conflicting conditions, unsafe header values. */
export function assertPutOptions(options: PutOptions): void {
  for (const [name, value] of [["contentType", options.contentType], ["cacheControl", options.cacheControl]] as const) {
    if (value !== undefined && (value.length > MAX_HEADER_VALUE_LENGTH || !HEADER_VALUE.test(value))) {
      throw new TypeError(`${name} must be at most ${MAX_HEADER_VALUE_LENGTH} printable ASCII characters`);
    }
  }
  if (options.ifNoneMatch !== undefined && options.ifMatch !== undefined) throw new TypeError("put takes ifNoneMatch or ifMatch, not both");
  if (options.ifNoneMatch !== undefined && options.ifNoneMatch !== "*") throw new TypeError('ifNoneMatch must be "*"');
}

export function preconditionFailed(key: string, condition: "If-None-Match" | "If-Match", cause?: unknown): TributaryError {
  return new TributaryError("storage.precondition_failed", `${condition} precondition failed for ${key}`, { details: { key, condition }, cause });
}
