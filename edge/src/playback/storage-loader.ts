/**
 * Loads a whole media object from storage for the edge cache, within the storage timeout, and decides
 * how long it may be kept: segments and init segments are immutable; finished playlists (VOD, or the
 * multivariant playlist) briefly; playlists still growing not at all.
 */
import { isTributaryError, TributaryError } from "#core/errors.ts";
import type { Loaded } from "../cache/edge-cache.ts";
import { cacheControlFor, contentTypeFor } from "../http/media-headers.ts";
import type { MediaStore } from "../storage/media-store.ts";
import { withTimeout, type OriginPolicy } from "../live/origin-policy.ts";

export interface CachePolicy {
  segmentTtlMs: number;
  finalPlaylistTtlMs: number;
}

export const defaultCachePolicy: CachePolicy = { segmentTtlMs: 365 * 86_400_000, finalPlaylistTtlMs: 10_000 };

export async function loadFromStorage(store: MediaStore, key: string, path: string, origin: OriginPolicy, cache: CachePolicy): Promise<Loaded | undefined> {
  const read = async (): Promise<Loaded | undefined> => {
    const object = await store.get(key);
    if (object === undefined) return undefined;
    const body = await wholeBody(object.body);
    const manifest = /\.(m3u8|mpd)$/.test(path);
    const final = manifest && isFinalManifest(body);
    return {
      object: {
        body,
        etag: object.etag,
        contentType: object.contentType ?? contentTypeFor(path),
        cacheControl: object.cacheControl ?? cacheControlFor(path, final ? "final" : "live"),
      },
      ttlMs: !manifest ? cache.segmentTtlMs : final ? cache.finalPlaylistTtlMs : 0,
    };
  };
  try {
    return await withTimeout(read(), origin.storageTimeoutMs, "storage");
  } catch (error) {
    if (isTributaryError(error, "storage.unavailable")) throw new TributaryError("origin.failed", "storage origin failed", { cause: error });
    throw error;
  }
}

/** Reads a body whole; one that arrives as a single chunk (a segment from the fs store) is kept as it came, not copied. */
async function wholeBody(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = body.getReader();
  const first = await reader.read();
  if (first.done) return new Uint8Array(0);
  const second = await reader.read();
  if (second.done) return first.value;
  const chunks = [first.value, second.value];
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  const bytes = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

const decoder = new TextDecoder();

/** A playlist that will not change: VOD/ended (`EXT-X-ENDLIST`), a multivariant playlist, a static MPD. */
function isFinalManifest(body: Uint8Array): boolean {
  const text = decoder.decode(body);
  if (text.startsWith("#EXTM3U") || text.startsWith("\uFEFF#EXTM3U")) return text.includes("#EXT-X-ENDLIST") || !text.includes("#EXT-X-TARGETDURATION");
  return /<MPD\b[^>]*\btype="static"/.test(text) || !/<MPD\b[^>]*\btype="dynamic"/.test(text);
}
