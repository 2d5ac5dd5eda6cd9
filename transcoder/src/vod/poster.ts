/**
 * The poster of a packaged asset (`media/<id>/poster.jpg`, the dashboard's thumbnail and players'
 * poster): the first keyframe of the top rendition's first segment, decoded by the thumbnailer's
 * short ffmpeg from the stored header and segment.
 */
import { bodyBytes } from "#core/storage/object-body.ts";
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { extractJpeg } from "../thumbnails/extract-jpeg.ts";

export async function writePoster(store: ObjectStore, ffmpeg: string, mediaId: string, rendition: string): Promise<void> {
  const [init, segment] = await Promise.all([store.get(keys.init(mediaId, rendition)), store.get(keys.segment(mediaId, rendition, 0))]);
  if (init === undefined || segment === undefined) return;
  const jpeg = await extractJpeg(ffmpeg, await bodyBytes(init.body), await bodyBytes(segment.body));
  await store.put(keys.poster(mediaId), jpeg, { contentType: "image/jpeg", cacheControl: "public, max-age=31536000, immutable" });
}
