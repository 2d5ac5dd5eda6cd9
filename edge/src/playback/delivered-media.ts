/**
 * The media a playback response delivered, for its usage record: seconds of media in the bytes sent
 * (a segment's EXTINF or a part's DURATION, in proportion for a range) and the rendition's resolution
 * tier. Read from the playlists of the origin the response came from (the relay's live playlist for a
 * live broadcast, storage otherwise) through PlaylistFacts. Metering never fails a response: a playlist
 * that cannot be read leaves the fields out.
 */
import { mediaObjectKey } from "#core/storage/keys.ts";
import type { LiveOrigin } from "#core/records/schemas.ts";
import type { ResolutionTier, UsageKind } from "#core/usage/usage-record.ts";
import type { EdgeCache } from "../cache/edge-cache.ts";
import type { OriginPolicy } from "../live/origin-policy.ts";
import type { RelayOrigin } from "../live/relay-origin.ts";
import type { MediaStore } from "../storage/media-store.ts";
import type { PlaylistFacts, PlaylistLoader } from "../usage/playlist-facts.ts";
import { loadFromStorage, type CachePolicy } from "./storage-loader.ts";

export interface DeliveredMedia {
  mediaSeconds?: number;
  tier?: ResolutionTier;
}

export interface PlaylistSources {
  facts: PlaylistFacts;
  media: MediaStore;
  cache: EdgeCache;
  relay: RelayOrigin | undefined;
  originPolicy: OriginPolicy;
  cachePolicy: CachePolicy;
}

export interface Delivery {
  /** The media the bytes belong to (a live stream's broadcast, once resolved). */
  mediaId: string;
  live: LiveOrigin | undefined;
  path: string;
  kind: UsageKind;
  /** Bytes sent, and the size of the whole object they came from. */
  bytes: number;
  size: number;
}

const decoder = new TextDecoder();

export async function deliveredMedia(sources: PlaylistSources, delivery: Delivery): Promise<DeliveredMedia> {
  const slash = delivery.path.lastIndexOf("/");
  const { kind } = delivery;
  if (slash <= 0 || (kind !== "segment" && kind !== "part" && kind !== "init")) return {};
  const rendition = delivery.path.slice(0, slash);
  const load = playlistLoader(sources, delivery.live);
  try {
    const tier = await sources.facts.tier(delivery.mediaId, rendition, load);
    const media: DeliveredMedia = tier === undefined ? {} : { tier };
    if (kind === "init") return media;
    const seconds = await sources.facts.duration(delivery.mediaId, rendition, delivery.path.slice(slash + 1), kind === "part", load);
    if (seconds !== undefined && delivery.size > 0) media.mediaSeconds = round6((seconds * delivery.bytes) / delivery.size);
    return media;
  } catch {
    return {};
  }
}

function playlistLoader(sources: PlaylistSources, live: LiveOrigin | undefined): PlaylistLoader {
  return async (mediaId, path) => {
    if (live !== undefined && sources.relay !== undefined) {
      const answer = await sources.relay.fetch(live, path, new URLSearchParams()).catch(() => undefined);
      if (answer?.status === 200) return decoder.decode(answer.body);
    }
    const key = mediaObjectKey(mediaId, path);
    if (key === undefined) return undefined;
    const result = await sources.cache
      .getOrLoad(`${mediaId}/${path}`, () => loadFromStorage(sources.media, key, path, sources.originPolicy, sources.cachePolicy))
      .catch(() => undefined);
    return result === undefined ? undefined : decoder.decode(result.object.body);
  };
}

/** Microsecond precision: enough for any sum of durations, without float noise in the logs. */
function round6(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}
