/**
 * The media seconds and resolution tier of what the edge serves, read from the playlists the platform
 * wrote (docs/usage.md "Media seconds delivered"). Nothing is kept between requests that the answer
 * depends on: a segment's duration is whatever its media playlist lists, loaded from the origin the
 * request itself goes to. What is kept is a bounded memo, per process or isolate, of playlists already
 * read (and of the manifests this edge served), so a busy stream costs a playlist read per new segment
 * and rendition, not per viewer request. Works alike on Workers and Node.
 */
import { renditionTiers, segmentDurations } from "#core/usage/playlist-durations.ts";
import type { ResolutionTier } from "#core/usage/usage-record.ts";

/** Reads a playlist of a media (`720p/index.m3u8`, `master.m3u8`) from where its media is served; undefined when there is none. */
export type PlaylistLoader = (mediaId: string, path: string) => Promise<string | undefined>;

export interface PlaylistFactsOptions {
  /** Media playlists (and multivariant playlists) remembered at once; the least recently used goes first. */
  maxPlaylists?: number;
  /** URIs remembered per media playlist; the oldest go first (a long live stream keeps its recent ones). */
  maxEntriesPerPlaylist?: number;
}

const decoder = new TextDecoder();

/** Where a rendition's segments may be listed: the live playlist, then the DVR playlist; parts only in the live one. */
const SEGMENT_PLAYLISTS = ["index.m3u8", "dvr.m3u8"] as const;
const PART_PLAYLISTS = ["index.m3u8"] as const;

export class PlaylistFacts {
  readonly #durations = new Map<string, Map<string, number>>();
  readonly #tiers = new Map<string, Map<string, ResolutionTier>>();
  /** Playlist bodies already learned: a cached copy served to many viewers is read once. */
  readonly #learned = new WeakSet<Uint8Array>();
  readonly #maxPlaylists: number;
  readonly #maxEntries: number;

  constructor(options: PlaylistFactsOptions = {}) {
    this.#maxPlaylists = options.maxPlaylists ?? 2_000;
    this.#maxEntries = options.maxEntriesPerPlaylist ?? 4_096;
  }

  /** Remembers what a playlist this edge is serving says (its unpersonalized bytes); HLS only, DASH players fetch the same files. */
  learnBody(mediaId: string, path: string, body: Uint8Array): void {
    if (!path.endsWith(".m3u8") || this.#learned.has(body)) return;
    this.#learned.add(body);
    this.learn(mediaId, path, decoder.decode(body));
  }

  /** Remembers what a playlist this edge is serving says (the unpersonalized text). */
  learn(mediaId: string, path: string, text: string): void {
    const slash = path.lastIndexOf("/");
    if (slash < 0) this.#remember(this.#tiers, mediaId, renditionTiers(text), Infinity);
    else this.#remember(this.#durations, `${mediaId}/${path.slice(0, slash)}`, segmentDurations(text), this.#maxEntries);
  }

  /**
   * Seconds of media in `file` (a segment, or a part when `part`) of `rendition`, from its playlists;
   * undefined when none lists it. A file not remembered is looked up afresh: a live part fetched from a
   * preload hint is listed only once it is complete, which it is by the time its bytes were sent.
   */
  async duration(mediaId: string, rendition: string, file: string, part: boolean, load: PlaylistLoader): Promise<number | undefined> {
    const key = `${mediaId}/${rendition}`;
    const known = touch(this.#durations, key)?.get(file);
    if (known !== undefined) return known;
    for (const playlist of part ? PART_PLAYLISTS : SEGMENT_PLAYLISTS) {
      const text = await load(mediaId, `${rendition}/${playlist}`);
      if (text === undefined) continue;
      const found = this.#remember(this.#durations, key, segmentDurations(text), this.#maxEntries).get(file);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /**
   * The tier of a video rendition, from the multivariant playlist (read once per media: it lists the
   * whole ladder from the start); undefined for audio or an unlisted rendition.
   */
  async tier(mediaId: string, rendition: string, load: PlaylistLoader): Promise<ResolutionTier | undefined> {
    const known = touch(this.#tiers, mediaId);
    if (known !== undefined) return known.get(rendition);
    const text = await load(mediaId, "master.m3u8");
    return this.#remember(this.#tiers, mediaId, text === undefined ? new Map() : renditionTiers(text), Infinity).get(rendition);
  }

  #remember<V>(memo: Map<string, Map<string, V>>, key: string, entries: Map<string, V>, maxEntries: number): Map<string, V> {
    const held = memo.get(key);
    const merged = held ?? entries;
    if (held !== undefined) for (const [uri, value] of entries) held.set(uri, value);
    while (merged.size > maxEntries) merged.delete(merged.keys().next().value as string);
    memo.delete(key);
    memo.set(key, merged);
    while (memo.size > this.#maxPlaylists) memo.delete(memo.keys().next().value as string);
    return merged;
  }
}

/** The memo entry for `key`, marked most recently used. */
function touch<V>(memo: Map<string, V>, key: string): V | undefined {
  const value = memo.get(key);
  if (value === undefined) return undefined;
  memo.delete(key);
  memo.set(key, value);
  return value;
}
