/** The one error ISO-BMFF parsing raises: bytes from a peer that are not valid boxes. */
import { TributaryError } from "#core/errors.ts";

/** A `media.invalid` error for malformed box bytes; fatal because the stream cannot be resynchronised. */
export function invalidBox(message: string, details?: Record<string, unknown>): TributaryError {
  return new TributaryError("media.invalid", message, { fatal: true, ...(details === undefined ? {} : { details }) });
}
