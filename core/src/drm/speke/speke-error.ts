/** The one error a SPEKE exchange fails with: the key is unavailable, and `details.reason` says why. */
import { TributaryError } from "../../errors.ts";

/**
 * `unreachable`: no answer (network, timeout). `refused`: a 4xx/5xx answer. `invalid_response`: an
 * answer that is not a usable CPIX document for the request (each problem listed).
 */
export type SpekeFailure = "unreachable" | "refused" | "invalid_response" | "not_configured";

export function spekeError(reason: SpekeFailure, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}): TributaryError {
  return new TributaryError("drm.key_unavailable", `SPEKE key provider: ${message}`, { details: { reason, ...options.details }, cause: options.cause });
}
