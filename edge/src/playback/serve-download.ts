/**
 * Downloads: `/p/<token>/<mediaId>/download/<name>`, the static MP4s a VOD job writes. Only a token
 * with `downloadable: true` gets them. They are streamed from storage with the viewer's range (single
 * ranges, 206/416 as for segments) and never held whole in the edge's memory cache: a download is one
 * file of the whole asset, not a segment many viewers share. `Content-Disposition: attachment` names
 * the file after the media.
 */
import { TributaryError } from "#core/errors.ts";
import { DOWNLOAD_NAMES, DOWNLOADS_FOLDER, keys, type DownloadName } from "#core/storage/keys.ts";
import type { PlaybackClaims } from "#core/tokens/claims.ts";
import { contentTypeFor } from "../http/media-headers.ts";
import { parseRange } from "../http/range.ts";
import type { PlaybackTarget } from "../http/request-target.ts";
import { withTimeout, type OriginPolicy } from "../live/origin-policy.ts";
import type { MediaStore } from "../storage/media-store.ts";
import type { Served } from "./serve-media.ts";

export interface DownloadContext {
  media: MediaStore;
  originPolicy: OriginPolicy;
  target: PlaybackTarget;
  claims: PlaybackClaims;
  request: Request;
}

export function isDownloadPath(path: string): boolean {
  return path.startsWith(DOWNLOADS_FOLDER);
}

/** Throws `token.not_downloadable` unless the token grants downloads. */
export function requireDownloadable(claims: PlaybackClaims): void {
  if (claims.downloadable !== true) throw new TributaryError("token.not_downloadable", "this playback token does not allow downloads: mint one with \"downloadable\": true");
}

export async function serveDownload(context: DownloadContext): Promise<Served> {
  const { target, request, media, claims } = context;
  requireDownloadable(claims);
  const name = target.path.slice(DOWNLOADS_FOLDER.length);
  if (!(DOWNLOAD_NAMES as readonly string[]).includes(name)) throw new TributaryError("request.not_found", "no such download");
  const key = keys.download(target.mediaId, name as DownloadName);
  const timeout = context.originPolicy.storageTimeoutMs;
  const head = await withTimeout(media.head(key), timeout, "storage");
  if (head === undefined) throw new TributaryError("request.not_found", "this media has no download of that name");
  const headers = new Headers({
    "content-type": head.contentType ?? contentTypeFor(name),
    "cache-control": head.cacheControl ?? "public, max-age=31536000, immutable",
    "accept-ranges": "bytes",
    "x-content-type-options": "nosniff",
    "content-disposition": `attachment; filename="${target.mediaId}-${name}"`,
  });
  if (head.etag !== "") headers.set("etag", head.etag);
  const answer = (response: Response, bytes: number): Served => ({ response, bytes, cacheHit: false, sessionId: claims.sid, media: {}, mediaId: target.mediaId, streamId: undefined });
  if (head.etag !== "" && request.headers.get("if-none-match") === head.etag) return answer(new Response(null, { status: 304, headers }), 0);
  const range = parseRange(request.headers.get("range") ?? undefined, head.size);
  if (range === "unsatisfiable") {
    headers.set("content-range", `bytes */${head.size}`);
    return answer(new Response(null, { status: 416, headers }), 0);
  }
  const length = range === undefined ? head.size : range.end - range.start + 1;
  headers.set("content-length", String(length));
  if (range !== undefined) headers.set("content-range", `bytes ${range.start}-${range.end}/${head.size}`);
  const status = range === undefined ? 200 : 206;
  if (request.method === "HEAD") return answer(new Response(null, { status, headers }), 0);
  const object = await withTimeout(media.get(key, range === undefined ? undefined : { range }), timeout, "storage");
  if (object === undefined) throw new TributaryError("request.not_found", "this media has no download of that name");
  // Bytes are metered as the length this response carries.
  return answer(new Response(object.body, { status, headers }), length);
}
