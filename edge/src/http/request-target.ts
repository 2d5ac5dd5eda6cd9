/**
 * First line of defence for playback URLs: length, encoded or literal traversal, and the
 * `/p/<token>/<mediaId>/<path>` shape. Media object names are plain `[A-Za-z0-9_.-]`, so any percent
 * escape or backslash in the path is refused outright rather than decoded and re-checked.
 */
import { TributaryError } from "#core/errors.ts";
import { mediaObjectKey } from "#core/storage/keys.ts";

/** Longest request target accepted (path and query); longer ones are refused with 400. */
export const MAX_URL_LENGTH = 2048;

export interface PlaybackTarget {
  token: string;
  mediaId: string;
  /** Path inside the media, e.g. `720p/12.m4s`. */
  path: string;
  /** Object key in storage, e.g. `media/<mediaId>/720p/12.m4s`. */
  key: string;
}

function invalid(reason: string): TributaryError {
  return new TributaryError("request.invalid", reason, { details: { reason } });
}

/** Checks a raw request target (`/p/…?…`, before any URL normalization); throws `request.invalid`. */
export function checkRequestTarget(target: string): void {
  if (target.length > MAX_URL_LENGTH) throw invalid(`URL longer than ${MAX_URL_LENGTH} characters`);
  const query = target.indexOf("?");
  const path = query < 0 ? target : target.slice(0, query);
  if (/(^|\/)\.{1,2}(\/|$)/.test(path)) throw invalid("'.' or '..' path segment");
  if (/%2e|%2f|%5c|%00|\\/i.test(path)) throw invalid("encoded path separator or dot");
}

/** Parses `/p/<token>/<mediaId>/<path>` from a request URL. */
export function parsePlaybackTarget(url: URL): PlaybackTarget {
  checkRequestTarget(url.pathname + url.search);
  const parts = url.pathname.split("/");
  // ["", "p", token, mediaId, ...path]
  if (parts.length < 5) throw new TributaryError("token.missing", "playback URLs have the form /p/<token>/<mediaId>/<path>");
  const [, , token = "", mediaId = "", ...rest] = parts;
  const path = rest.join("/");
  if (path.includes("%")) throw invalid("percent-encoded characters in media path");
  const key = mediaObjectKey(mediaId, path);
  if (key === undefined) throw invalid("malformed media path");
  return { token, mediaId, path, key };
}
