/** The LL-HLS delivery directives of a playlist request (RFC 8216bis §6.2.5): `_HLS_msn`, `_HLS_part`, `_HLS_skip`. */
import { TributaryError } from "#core/errors.ts";

export interface DeliveryDirectives {
  msn?: number;
  part?: number;
  /** `YES` or `v2` (§6.2.5.1): a delta update is welcome. */
  skip: boolean;
}

const INTEGER = /^\d{1,15}$/;

/** Parses the directives; malformed ones are `request.invalid` (400 per §6.2.5.2). */
export function parseDeliveryDirectives(query: URLSearchParams): DeliveryDirectives {
  const msn = query.get("_HLS_msn");
  const part = query.get("_HLS_part");
  const skip = query.get("_HLS_skip");
  if (msn !== null && !INTEGER.test(msn)) throw new TributaryError("request.invalid", "_HLS_msn must be a decimal integer");
  if (part !== null && !INTEGER.test(part)) throw new TributaryError("request.invalid", "_HLS_part must be a decimal integer");
  // §6.2.5.2: _HLS_part without _HLS_msn is an error.
  if (part !== null && msn === null) throw new TributaryError("request.invalid", "_HLS_part needs _HLS_msn");
  if (skip !== null && skip !== "YES" && skip !== "v2") throw new TributaryError("request.invalid", "_HLS_skip must be YES or v2");
  return { ...(msn !== null ? { msn: Number(msn) } : {}), ...(part !== null ? { part: Number(part) } : {}), skip: skip !== null };
}
