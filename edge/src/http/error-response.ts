/** Playback's error answers: `{error: {code, message}}`, status and wording from core's one table. */
import { httpErrorAnswer } from "#core/errors/http-status.ts";
import { logServerError } from "./server-error-log.ts";

/** The answer to `error`; with the `request`, a 5xx is also logged (server-error-log.ts). */
export function errorResponse(error: unknown, request?: Request): Response {
  const { status, code, message } = httpErrorAnswer(error, "playback");
  if (request) logServerError(error, request, status);
  const headers: Record<string, string> = { "content-type": "application/json", "cache-control": "no-store" };
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="playback"';
  return new Response(JSON.stringify({ error: { code, message } }), { status, headers });
}
