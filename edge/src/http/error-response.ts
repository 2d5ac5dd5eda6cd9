/** Maps domain errors to HTTP at the boundary: `{error: {code, message}}` with a fitting status. */
import type { ErrorCode } from "#core/errors.ts";
import { isTributaryError } from "#core/errors.ts";

const STATUS: Partial<Record<ErrorCode, number>> = {
  "token.missing": 401,
  "token.invalid": 401,
  "token.expired": 401,
  "token.not_yet_valid": 401,
  "token.wrong_audience": 401,
  "token.unknown_key": 401,
  "token.too_large": 401,
  "token.wrong_media": 403,
  "access.ip_denied": 403,
  "access.country_denied": 403,
  "access.referrer_denied": 403,
  "auth.unauthorized": 401,
  "auth.forbidden": 403,
  "auth.rate_limited": 429,
  "request.invalid": 400,
  "storage.invalid_key": 400,
  "request.not_found": 404,
  "storage.not_found": 404,
  "record.conflict": 409,
  "storage.precondition_failed": 412,
  "origin.timeout": 504,
  "origin.failed": 502,
  "storage.unavailable": 503,
};

export function errorResponse(error: unknown): Response {
  if (isTributaryError(error)) {
    const status = STATUS[error.code] ?? 500;
    const headers: Record<string, string> = { "content-type": "application/json", "cache-control": "no-store" };
    if (status === 401) headers["www-authenticate"] = 'Bearer realm="playback"';
    return new Response(JSON.stringify({ error: { code: error.code, message: error.message } }), { status, headers });
  }
  return new Response(JSON.stringify({ error: { code: "internal", message: "internal error" } }), {
    status: 500,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}
