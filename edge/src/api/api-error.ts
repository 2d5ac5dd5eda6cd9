/** API errors on the wire: `{error: {code, message, details}}`, status and wording from core's one table. */
import { httpErrorAnswer } from "#core/errors/http-status.ts";
import { logServerError } from "../http/server-error-log.ts";

/** The answer to `error`; with the `request`, a 5xx is also logged (server-error-log.ts). */
export function apiErrorResponse(error: unknown, request?: Request): Response {
  const { status, code, message, details } = httpErrorAnswer(error, "api");
  if (request) logServerError(error, request, status);
  const headers: Record<string, string> = { "content-type": "application/json", "cache-control": "no-store" };
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="api"';
  const retryAfter = details["retryAfterSeconds"];
  if (status === 429 && typeof retryAfter === "number") headers["retry-after"] = String(retryAfter);
  return new Response(JSON.stringify({ error: { code, message, details } }), { status, headers });
}
