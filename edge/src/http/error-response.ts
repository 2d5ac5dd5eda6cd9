/** Playback's error answers: `{error: {code, message}}`, status and wording from core's one table. */
import { httpErrorAnswer } from "#core/errors/http-status.ts";

export function errorResponse(error: unknown): Response {
  const { status, code, message } = httpErrorAnswer(error, "playback");
  const headers: Record<string, string> = { "content-type": "application/json", "cache-control": "no-store" };
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="playback"';
  return new Response(JSON.stringify({ error: { code, message } }), { status, headers });
}
