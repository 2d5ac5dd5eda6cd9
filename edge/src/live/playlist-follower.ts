/**
 * Keeps the newest copy of each live media playlist viewers poll, so the edge answers their polls from
 * memory. For each followed playlist one blocking reload is kept open to the relay (`_HLS_msn` = the
 * next segment, RFC 8216bis §6.2.5.2); it returns the moment the relay lists that segment, and the
 * copy is replaced. A viewer's poll between two segments then costs no trip to the relay, and is never
 * staler than the relay's own playlist by more than that one answer's transit.
 *
 * Only playlists without parts are followed (normal latency): an LL-HLS playlist changes at every part,
 * and LL-HLS players send blocking reloads, which go to the relay as they are. A playlist no viewer has
 * asked for within `idleMs` is dropped. For a long-lived runtime (Node); a Worker does not keep work
 * running between requests.
 */
import type { Clock } from "#core/clock.ts";
import { isTributaryError } from "#core/errors.ts";
import type { LiveOrigin } from "#core/records/schemas.ts";
import type { RelayAnswer } from "./relay-answer.ts";

export type RelayFetch = (pointer: LiveOrigin, path: string, query: URLSearchParams) => Promise<RelayAnswer>;

export interface PlaylistFollowerOptions {
  fetch: RelayFetch;
  clock: Clock;
  /** A playlist nobody polled for this long is no longer followed. */
  idleMs?: number;
  /** Playlists followed at most at once. */
  maxPlaylists?: number;
}

interface Followed {
  /** The first fetch, shared by viewers that arrive together. */
  first: Promise<RelayAnswer>;
  /** The newest answer, once there is one and a blocking reload is open for the next segment. */
  current: RelayAnswer | undefined;
  lastAskedAt: number;
}

const decoder = new TextDecoder();

/** The media sequence number of the segment after the last one listed; undefined when the playlist is not followed. */
export function nextSegment(playlist: string): number | undefined {
  if (playlist.includes("#EXT-X-ENDLIST") || playlist.includes("#EXT-X-PART-INF")) return undefined;
  const sequence = /^#EXT-X-MEDIA-SEQUENCE:(\d+)\s*$/m.exec(playlist);
  if (sequence === null) return undefined;
  return Number(sequence[1]) + (playlist.match(/^#EXTINF:/gm)?.length ?? 0);
}

export class PlaylistFollower {
  readonly #options: Required<PlaylistFollowerOptions>;
  readonly #followed = new Map<string, Followed>();

  constructor(options: PlaylistFollowerOptions) {
    this.#options = { idleMs: 10_000, maxPlaylists: 10_000, ...options };
  }

  /** Playlists followed now. */
  get size(): number {
    return this.#followed.size;
  }

  /** The newest copy of `path` on the relay `pointer` names (a plain, non-blocking request). */
  async get(pointer: LiveOrigin, path: string): Promise<RelayAnswer> {
    const key = `${pointer.originUrl}\n${pointer.mediaId}\n${path}`;
    const now = this.#options.clock.now();
    const known = this.#followed.get(key);
    if (known !== undefined) {
      known.lastAskedAt = now;
      return known.current ?? known.first;
    }
    const entry: Followed = { first: this.#options.fetch(pointer, path, new URLSearchParams()), current: undefined, lastAskedAt: now };
    if (this.#followed.size >= this.#options.maxPlaylists) return entry.first;
    this.#followed.set(key, entry);
    let answer: RelayAnswer;
    try {
      answer = await entry.first;
    } catch (error) {
      this.#followed.delete(key);
      throw error;
    }
    const next = answer.status === 200 ? nextSegment(decoder.decode(answer.body)) : undefined;
    if (next === undefined) this.#followed.delete(key);
    else {
      entry.current = answer;
      void this.#follow(key, entry, pointer, path, next);
    }
    return answer;
  }

  /** Blocking reloads for the next segment, one after another, while viewers keep asking. */
  async #follow(key: string, entry: Followed, pointer: LiveOrigin, path: string, first: number): Promise<void> {
    let next: number | undefined = first;
    while (next !== undefined && this.#followed.get(key) === entry && this.#options.clock.now() - entry.lastAskedAt < this.#options.idleMs) {
      try {
        const answer = await this.#options.fetch(pointer, path, new URLSearchParams({ _HLS_msn: String(next) }));
        if (answer.status !== 200) break;
        const text = decoder.decode(answer.body);
        entry.current = answer;
        // An ended playlist is final: viewers get it, and the next request goes to the relay again.
        next = text.includes("#EXT-X-ENDLIST") ? undefined : nextSegment(text);
      } catch (error) {
        // The segment took longer than a blocking reload may wait: ask again; anything else stops following.
        if (isTributaryError(error, "origin.timeout")) continue;
        break;
      }
    }
    if (this.#followed.get(key) === entry) this.#followed.delete(key);
  }
}
