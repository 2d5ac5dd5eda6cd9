/**
 * The daily storage inventory (docs/usage.md "Storage inventory"): one `storage` record per media id
 * with the bytes stored under `media/<mediaId>/` and the media seconds they hold, its tenant, and
 * whether it is a recording, a VOD asset or a live window (`mediaType`), so recordings and VOD are
 * billed apart. The id is the day and the media id, so an inventory taken twice for a day (a retry,
 * two relays) counts once after dedupe.
 */
import { readJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { assetRecordSchema, mediaRecordSchema, type AssetRecord } from "../records/schemas.ts";
import { playlistSeconds } from "./playlist-durations.ts";
import type { UsageRecord } from "./usage-record.ts";

interface StoredMedia {
  bytes: number;
  /** Rendition folders that hold a media playlist. */
  playlists: string[];
}

const MEDIA_KEY = /^media\/([A-Za-z0-9_-]{1,64})\/(?:([A-Za-z0-9_-]{1,32})\/)?([^/]+)$/;
const ASSET_KEY = /^assets\/([A-Za-z0-9_-]{1,64})\.json$/;

/**
 * The storage records for the UTC day that contains `day`: what storage holds when it is called.
 * @example for (const record of await takeStorageInventory(store, new Date())) sink.record(record)
 */
export async function takeStorageInventory(store: ObjectStore, day: Date): Promise<UsageRecord[]> {
  const dayStart = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  const [media, assets] = await Promise.all([storedMedia(store), assetsByMedia(store)]);
  const records: UsageRecord[] = [];
  for (const [mediaId, stored] of media) {
    const owner = (await readJson(store, keys.mediaRecord(mediaId), mediaRecordSchema))?.value;
    const asset = assets.get(mediaId);
    const record: UsageRecord = {
      id: `inv-${dayStart.toISOString().slice(0, 10)}-${mediaId}`,
      at: dayStart.toISOString(),
      source: "inventory",
      mediaId,
      kind: "storage",
      bytes: stored.bytes,
      mediaSeconds: asset?.durationSeconds ?? (await longestPlaylist(store, mediaId, stored.playlists)),
      mediaType: asset?.kind === "recording" ? "recording" : asset !== undefined || owner?.kind === "vod" ? "vod" : "live",
    };
    const tenantId = owner?.tenantId ?? asset?.tenantId;
    if (tenantId !== undefined) record.tenantId = tenantId;
    const streamId = owner?.streamId ?? asset?.sourceStreamId;
    if (streamId !== undefined) record.streamId = streamId;
    records.push(record);
  }
  return records;
}

/** Every object under `media/`, summed per media id. */
async function storedMedia(store: ObjectStore): Promise<Map<string, StoredMedia>> {
  const media = new Map<string, StoredMedia>();
  for await (const object of listAll(store, "media/")) {
    const match = MEDIA_KEY.exec(object.key);
    if (match === null) continue;
    const [, mediaId = "", rendition, name] = match;
    const entry = media.get(mediaId) ?? { bytes: 0, playlists: [] };
    entry.bytes += object.size;
    if (rendition !== undefined && name === "index.m3u8") entry.playlists.push(rendition);
    media.set(mediaId, entry);
  }
  return media;
}

/** Asset records (VOD uploads and recordings) by the media id they play as. */
async function assetsByMedia(store: ObjectStore): Promise<Map<string, AssetRecord>> {
  const assets = new Map<string, AssetRecord>();
  for await (const object of listAll(store, "assets/")) {
    const match = ASSET_KEY.exec(object.key);
    if (match === null) continue;
    const asset = (await readJson(store, object.key, assetRecordSchema).catch(() => undefined))?.value;
    if (asset !== undefined) assets.set(asset.mediaId, asset);
  }
  return assets;
}

/** A media's duration without an asset record (a live window): its longest rendition playlist. */
async function longestPlaylist(store: ObjectStore, mediaId: string, renditions: readonly string[]): Promise<number> {
  let longest = 0;
  for (const rendition of renditions) {
    const object = await store.get(keys.mediaPlaylist(mediaId, rendition));
    if (object === undefined) continue;
    longest = Math.max(longest, playlistSeconds(await new Response(object.body).text()));
  }
  return longest;
}

async function* listAll(store: ObjectStore, prefix: string): AsyncGenerator<{ key: string; size: number }> {
  let cursor: string | undefined;
  do {
    const page = await store.list(cursor === undefined ? { prefix } : { prefix, cursor });
    yield* page.objects;
    cursor = page.cursor;
  } while (cursor !== undefined);
}
