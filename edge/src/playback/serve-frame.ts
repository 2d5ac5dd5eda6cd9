/**
 * `thumbnail.jpg?time=<seconds>&width=<px>`: the picture at any time of a finished asset. The time is
 * checked against the media's duration, then rounded to 0.1 s; each (time, width) is decoded once, from
 * the narrowest rendition at least that wide, and kept in storage (`frames/<deciseconds>-<width>.jpg`).
 * Decoding needs a `FrameRenderer` (ffmpeg, on the Node edge). Without one (Workers) a picture some
 * Node edge already stored is still served; any other answers 501 `media.frame_unavailable`, pointing
 * at the storyboard and poster, which every runtime serves.
 */
import { TributaryError } from "#core/errors.ts";
import { segmentTimeline, variantForWidth, variantPictures } from "#core/manifest/frame-source.ts";
import { keys, mediaObjectKey } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { CachedObject, EdgeCache } from "../cache/edge-cache.ts";
import type { PlaybackTarget } from "../http/request-target.ts";
import type { OriginPolicy } from "../live/origin-policy.ts";
import type { MediaStore } from "../storage/media-store.ts";
import type { FrameRenderer } from "./frame-renderer.ts";
import { respondObject } from "./respond-object.ts";
import type { Served } from "./serve-media.ts";
import { loadFromStorage, type CachePolicy } from "./storage-loader.ts";

export const FRAME_PATH = "thumbnail.jpg";

export interface FrameLimits {
  maxWidth: number;
  minWidth: number;
  defaultWidth: number;
}

export const defaultFrameLimits: FrameLimits = { maxWidth: 1920, minWidth: 16, defaultWidth: 320 };

export interface FrameContext {
  media: MediaStore;
  cache: EdgeCache;
  originPolicy: OriginPolicy;
  cachePolicy: CachePolicy;
  /** Decodes pictures; absent where the runtime has no decoder. */
  renderer: FrameRenderer | undefined;
  /** Where decoded pictures are kept, so each is decoded once. */
  frames: Pick<ObjectStore, "put"> | undefined;
  limits?: FrameLimits;
  target: PlaybackTarget;
  request: Request;
  sessionId: string | undefined;
}

const invalid = (message: string) => new TributaryError("request.invalid", message, { details: { reason: "frame" } });

/** `time` in seconds (required) and `width` in pixels (optional), checked against `limits`. */
export function frameRequest(params: URLSearchParams, limits: FrameLimits = defaultFrameLimits): { time: number; width: number } {
  const timeText = params.get("time");
  if (timeText === null || !/^\d{1,6}(\.\d{1,3})?$/.test(timeText)) throw invalid("time must be a number of seconds, e.g. time=12.5");
  const widthText = params.get("width");
  if (widthText !== null && !/^\d{1,5}$/.test(widthText)) throw invalid("width must be a whole number of pixels");
  const width = widthText === null ? limits.defaultWidth : Number(widthText);
  if (width < limits.minWidth || width > limits.maxWidth) throw invalid(`width must be between ${limits.minWidth} and ${limits.maxWidth} pixels`);
  return { time: Number(timeText), width };
}

export async function serveFrame(context: FrameContext): Promise<Served> {
  const { target } = context;
  const { time, width } = frameRequest(new URL(context.request.url).searchParams, context.limits);
  const variant = variantForWidth(variantPictures(await text(context, "master.m3u8")), width);
  if (variant === undefined) throw new TributaryError("request.not_found", "this media has no video to take a picture from");
  const timeline = segmentTimeline(await text(context, `${variant.rendition}/index.m3u8`));
  const deciseconds = Math.round(time * 10);
  const at = timeline.at(deciseconds / 10);
  if (at === undefined) throw invalid(`time must be within the media's ${timeline.durationSeconds.toFixed(1)} s`);
  const key = keys.frame(target.mediaId, deciseconds, width);
  const path = key.slice(keys.mediaPrefix(target.mediaId).length);
  let result = await load(context, path);
  if (result === undefined) {
    if (context.renderer === undefined) {
      throw new TributaryError("media.frame_unavailable", "pictures at any time are decoded on the Node edge only; this edge serves storyboard.vtt (scrub previews) and poster.jpg");
    }
    const [init, segment] = await Promise.all([load(context, `${variant.rendition}/${at.init}`), load(context, `${variant.rendition}/${at.segment}`)]);
    if (init === undefined || segment === undefined) throw new TributaryError("request.not_found", "the segment holding that time is not stored");
    const jpeg = await context.renderer.render(init.object.body, segment.object.body, at.offsetSeconds, width);
    const object: CachedObject = { body: jpeg, etag: "", contentType: "image/jpeg", cacheControl: "public, max-age=31536000, immutable" };
    await context.frames?.put(key, jpeg, { contentType: object.contentType, cacheControl: object.cacheControl });
    result = { object, hit: false };
  }
  const { response, bytes } = respondObject(result.object, context.request);
  return { response, bytes, cacheHit: result.hit, sessionId: context.sessionId, media: {}, mediaId: target.mediaId, streamId: undefined };
}

function load(context: FrameContext, path: string) {
  const key = mediaObjectKey(context.target.mediaId, path);
  if (key === undefined) throw new TributaryError("request.not_found", "no such media object");
  return context.cache.getOrLoad(`${context.target.mediaId}/${path}`, () => loadFromStorage(context.media, key, path, context.originPolicy, context.cachePolicy));
}

async function text(context: FrameContext, path: string): Promise<string> {
  const result = await load(context, path);
  if (result === undefined) throw new TributaryError("request.not_found", "this media has no finished package");
  return new TextDecoder().decode(result.object.body);
}
