/** API errors on the wire: `{error: {code, message, details}}`, with the HTTP status chosen here only. */
import { isTributaryError, type ErrorCode } from "#core/errors.ts";

const STATUS: Partial<Record<ErrorCode, number>> = {
  "request.invalid": 400,
  "storage.invalid_key": 404,
  "auth.unauthorized": 401,
  "auth.forbidden": 403,
  "request.not_found": 404,
  "record.conflict": 409,
  "request.idempotency_mismatch": 422,
  "auth.rate_limited": 429,
  "storage.unavailable": 503,
};

const HEADERS = { "content-type": "application/json", "cache-control": "no-store" };

export function apiErrorResponse(error: unknown): Response {
  if (!isTributaryError(error)) {
    return new Response(JSON.stringify({ error: { code: "internal", message: "internal error", details: {} } }), { status: 500, headers: HEADERS });
  }
  // An id that cannot be a key names nothing: answer like any other missing record.
  const code = error.code === "storage.invalid_key" ? "request.not_found" : error.code;
  const status = STATUS[error.code] ?? 500;
  const headers: Record<string, string> = { ...HEADERS };
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="api"';
  const retryAfter = error.details?.["retryAfterSeconds"];
  if (status === 429 && typeof retryAfter === "number") headers["retry-after"] = String(retryAfter);
  const message = status === 500 ? "internal error" : error.message;
  return new Response(JSON.stringify({ error: { code: status === 500 ? "internal" : code, message, details: status === 500 ? {} : (error.details ?? {}) } }), { status, headers });
}
