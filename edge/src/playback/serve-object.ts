/** Streams one stored object as an HTTP response, honouring Range and conditional requests. */
import type { ObjectStore } from "#core/storage/object-store.ts";
import { TributaryError } from "#core/errors.ts";
import { cacheControlFor, contentTypeFor } from "../http/media-headers.ts";
import { parseRange } from "../http/range.ts";

export async function serveObject(store: ObjectStore, key: string, request: Request): Promise<Response> {
  const rangeHeader = request.headers.get("range") ?? undefined;
  const head = rangeHeader || request.method === "HEAD" || request.headers.has("if-none-match") ? await store.head(key) : undefined;
  if ((rangeHeader || request.method === "HEAD" || request.headers.has("if-none-match")) && !head) {
    throw new TributaryError("request.not_found", "no such media object");
  }
  const baseHeaders = (etag: string, contentType: string | undefined, cacheControl: string | undefined): Headers =>
    new Headers({
      "content-type": contentType ?? contentTypeFor(key),
      "cache-control": cacheControl ?? cacheControlFor(key),
      etag,
      "accept-ranges": "bytes",
      "x-content-type-options": "nosniff",
    });
  if (head && request.headers.get("if-none-match") === head.etag) {
    return new Response(null, { status: 304, headers: baseHeaders(head.etag, head.contentType, head.cacheControl) });
  }
  if (head && request.method === "HEAD") {
    const headers = baseHeaders(head.etag, head.contentType, head.cacheControl);
    headers.set("content-length", String(head.size));
    return new Response(null, { status: 200, headers });
  }
  const range = head ? parseRange(rangeHeader, head.size) : undefined;
  if (range === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { "content-range": `bytes */${head?.size ?? 0}` } });
  }
  const object = await store.get(key, range ? { range } : undefined);
  if (!object) throw new TributaryError("request.not_found", "no such media object");
  const headers = baseHeaders(object.etag, object.contentType, object.cacheControl);
  if (range) {
    headers.set("content-range", `bytes ${range.start}-${range.end}/${object.size}`);
    headers.set("content-length", String(range.end - range.start + 1));
    return new Response(object.body, { status: 206, headers });
  }
  headers.set("content-length", String(object.size));
  return new Response(object.body, { status: 200, headers });
}
