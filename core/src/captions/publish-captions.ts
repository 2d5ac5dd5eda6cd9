/**
 * Publishes a caption track for a ready asset: WebVTT segments aligned to the media's segments, their
 * subtitle playlist and the whole file are written under the media, then master.m3u8 and the MPD are
 * rewritten with compare-and-swap and the asset record lists the track.
 */
import type { Clock } from "../clock.ts";
import { TributaryError } from "../errors.ts";
import { assetRecordSchema, type AssetRecord } from "../records/schemas.ts";
import { updateJson } from "../storage/json.ts";
import { captionFiles, captionPath, keys, mediaObjectKey } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { readText, updateText } from "../storage/text.ts";
import { firstVariantUri, mediaStartSeconds, segmentDurations, withSubtitleRendition, withTextAdaptationSet, type CaptionTrack } from "./caption-manifests.ts";
import { packageCaptions } from "./caption-segments.ts";
import { parseWebVtt } from "./webvtt.ts";

export interface CaptionInput {
  language: string;
  label: string;
  vtt: string;
}

const VTT = { contentType: "text/vtt; charset=utf-8", cacheControl: "public, max-age=31536000" };
const PLAYLIST = { contentType: "application/vnd.apple.mpegurl", cacheControl: "public, max-age=60" };

/** Returns the asset with the track added (or replaced, for a language it already had). */
export async function publishCaptions(ctx: { store: ObjectStore; clock: Clock }, asset: AssetRecord, input: CaptionInput): Promise<AssetRecord> {
  if (asset.status !== "ready") throw new TributaryError("request.invalid", `captions need a ready asset; this one is ${asset.status}`, { details: { reason: "asset_not_ready" } });
  const vtt = parseWebVtt(input.vtt);
  const { store } = ctx;
  const mediaId = asset.mediaId;
  const master = await readText(store, keys.multivariant(mediaId));
  const variant = master === undefined ? undefined : firstVariantUri(master.text);
  const variantKey = variant === undefined ? undefined : mediaObjectKey(mediaId, variant);
  const mediaPlaylist = variantKey === undefined ? undefined : await readText(store, variantKey);
  if (master === undefined || mediaPlaylist === undefined) throw new TributaryError("request.invalid", "the asset has no HLS package to add captions to", { details: { reason: "no_package" } });
  const mpd = await readText(store, keys.mpd(mediaId));
  const pack = packageCaptions(vtt, segmentDurations(mediaPlaylist.text), mediaStartSeconds(mpd?.text));
  for (const [index, segment] of pack.segments.entries()) await store.put(keys.captionSegment(mediaId, input.language, index), segment, VTT);
  await store.put(keys.captionFile(mediaId, input.language), pack.whole, VTT);
  await store.put(keys.captionPlaylist(mediaId, input.language), pack.playlist, PLAYLIST);
  const dir = captionPath(input.language);
  const track: CaptionTrack = { language: input.language, label: input.label, playlistPath: `${dir}${captionFiles.playlist}`, filePath: `${dir}${captionFiles.whole}` };
  await updateText(store, keys.multivariant(mediaId), (text) => withSubtitleRendition(text, track));
  if (mpd !== undefined) await updateText(store, keys.mpd(mediaId), (text) => withTextAdaptationSet(text, track));
  const entry = { language: input.language, label: input.label, cues: vtt.cues.length, addedAt: new Date(ctx.clock.now()).toISOString() };
  // Read-modify-write of the record itself, so two tracks added at once both stay listed.
  const { value } = await updateJson(store, keys.asset(asset.id), (current) => {
    if (current === undefined) throw new TributaryError("request.not_found", "asset not found");
    return { ...current, captions: [...current.captions.filter((c) => c.language !== input.language), entry] };
  }, { schema: assetRecordSchema });
  return value;
}
