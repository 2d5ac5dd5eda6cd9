/**
 * Unexpected failures at the edge are written as one JSON line on the console (Workers Logs on
 * Cloudflare, stderr on Node). The playback token in `/p/<token>/…` is a bearer credential, so the
 * logged path carries a placeholder instead.
 */
export function redactedPath(url: string): string {
  return new URL(url).pathname.replace(/^\/p\/[^/]+/, "/p/<token>");
}

export function logServerError(error: unknown, request: Request, status: number, write: (line: string) => void = (line) => console.error(line)): void {
  // 501 is no failure: this deployment lacks the capability by design (no usage engine on Workers).
  if (status < 500 || status === 501) return;
  const err = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) };
  write(JSON.stringify({ level: "error", msg: "request failed", method: request.method, path: redactedPath(request.url), status, err }));
}
