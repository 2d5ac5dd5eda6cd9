/** Answers one request from a whole object in hand: HEAD, `If-None-Match` (304) and single Range (206/416). */
import type { CachedObject } from "../cache/edge-cache.ts";
import { parseRange } from "../http/range.ts";

export interface ObjectResponse {
  response: Response;
  /** Body bytes sent (0 for HEAD, 304 and 416). */
  bytes: number;
}

export function respondObject(object: CachedObject, request: Request, extraHeaders: Record<string, string> = {}): ObjectResponse {
  const size = object.body.byteLength;
  const headers = new Headers({
    "content-type": object.contentType,
    "cache-control": object.cacheControl,
    "accept-ranges": "bytes",
    "x-content-type-options": "nosniff",
    ...extraHeaders,
  });
  if (object.etag !== "") headers.set("etag", object.etag);
  if (object.etag !== "" && request.headers.get("if-none-match") === object.etag) {
    return { response: new Response(null, { status: 304, headers }), bytes: 0 };
  }
  const range = parseRange(request.headers.get("range") ?? undefined, size);
  if (range === "unsatisfiable") {
    headers.set("content-range", `bytes */${size}`);
    return { response: new Response(null, { status: 416, headers }), bytes: 0 };
  }
  const head = request.method === "HEAD";
  if (range !== undefined) {
    const length = range.end - range.start + 1;
    headers.set("content-range", `bytes ${range.start}-${range.end}/${size}`);
    headers.set("content-length", String(length));
    return { response: new Response(head ? null : (object.body.subarray(range.start, range.end + 1) as Uint8Array<ArrayBuffer>), { status: 206, headers }), bytes: head ? 0 : length };
  }
  headers.set("content-length", String(size));
  return { response: new Response(head ? null : (object.body as Uint8Array<ArrayBuffer>), { status: 200, headers }), bytes: head ? 0 : size };
}
