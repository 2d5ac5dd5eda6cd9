/**
 * The relay origin for live edges. A relay writes `live/<streamId>/origin.json` when a publish starts;
 * the edge reads it (trusting it for `pointerTtlMs`) and proxies live requests to
 * `<originUrl>/media/<mediaId>/<path>`, passing the LL-HLS delivery directives through (RFC 8216bis
 * §6.2.5). A stream id is a stable playback id: it resolves to the media of its current (or last)
 * broadcast, so one URL plays every broadcast. When the pointer says ended, the media is served from
 * storage like any finished stream.
 */
import type { Clock } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import { liveOriginSchema, type LiveOrigin } from "#core/records/schemas.ts";
import { isPointerCurrent } from "#core/records/live-pointer-freshness.ts";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import type { MediaStore } from "../storage/media-store.ts";
import { PlaylistFollower } from "./playlist-follower.ts";
import { RelayCoalescer } from "./relay-coalescer.ts";
import type { RelayAnswer } from "./relay-answer.ts";
import type { OriginPolicy } from "./origin-policy.ts";

/** LL-HLS delivery directives and the values each may take. */
const DIRECTIVES: Record<string, RegExp> = { _HLS_msn: /^\d{1,15}$/, _HLS_part: /^\d{1,9}$/, _HLS_skip: /^(YES|v2)$/ };

export interface RelayOriginOptions {
  store: MediaStore;
  clock: Clock;
  policy: OriginPolicy;
  fetch?: typeof fetch;
  /**
   * Answer plain polls of normal-latency media playlists from a followed copy (PlaylistFollower):
   * for a long-lived runtime (Node), where the blocking reload that keeps it current can stay open.
   */
  followPlaylists?: boolean;
}

/** What a playback id names: the media to read, and the relay holding it while live. */
export interface ResolvedMedia {
  mediaId: string;
  live: LiveOrigin | undefined;
}

interface PointerEntry {
  at: number;
  pointer: Promise<LiveOrigin | undefined>;
}

export class RelayOrigin {
  readonly #options: RelayOriginOptions;
  readonly #pointers = new Map<string, PointerEntry>();
  readonly #follower: PlaylistFollower | undefined;
  readonly #coalescer: RelayCoalescer;

  constructor(options: RelayOriginOptions) {
    this.#options = options;
    this.#coalescer = new RelayCoalescer({ clock: options.clock });
    this.#follower = options.followPlaylists === true ? new PlaylistFollower({ clock: options.clock, fetch: (pointer, path, query) => this.#request(pointer, path, query) }) : undefined;
  }

  /**
   * Resolves a playback id: a stream id with a live pointer names its broadcast's media (and the relay
   * while not ended); any other id is a media id served from storage.
   */
  async resolve(playbackId: string): Promise<ResolvedMedia> {
    const pointer = await this.#pointer(playbackId);
    if (pointer === undefined) return { mediaId: playbackId, live: undefined };
    // A pointer its relay stopped rewriting (the relay died) is served like an ended broadcast: from storage.
    return { mediaId: pointer.mediaId, live: isPointerCurrent(pointer, this.#options.clock.now()) ? pointer : undefined };
  }

  #pointer(playbackId: string): Promise<LiveOrigin | undefined> {
    const now = this.#options.clock.now();
    const cached = this.#pointers.get(playbackId);
    if (cached !== undefined && now - cached.at < this.#options.policy.pointerTtlMs) return cached.pointer;
    const pointer = this.#read(playbackId);
    const entry = { at: now, pointer };
    this.#pointers.set(playbackId, entry);
    // A failed read is not remembered: the next request reads the pointer again.
    pointer.catch(() => {
      if (this.#pointers.get(playbackId) === entry) this.#pointers.delete(playbackId);
    });
    if (this.#pointers.size > 10_000) this.#pointers.delete(this.#pointers.keys().next().value as string);
    return pointer;
  }

  async #read(streamId: string): Promise<LiveOrigin | undefined> {
    // Not found is `undefined`; a store that fails or a pointer that is not one is an error, not "no live broadcast".
    const pointer = (await readJson(this.#options.store, keys.liveOrigin(streamId), liveOriginSchema))?.value;
    return pointer?.streamId === streamId ? pointer : undefined;
  }

  /**
   * Fetches `path` from the relay, body included, within the policy's timeout. Returns 2xx and 4xx
   * answers (a relay's 400 for an `_HLS_msn` too far ahead is the viewer's answer); throws
   * `origin.timeout` or `origin.failed` otherwise.
   */
  async fetch(pointer: LiveOrigin, path: string, query: URLSearchParams): Promise<RelayAnswer> {
    const forwarded = new URLSearchParams();
    for (const [name, pattern] of Object.entries(DIRECTIVES)) {
      const value = query.get(name);
      if (value === null) continue;
      if (!pattern.test(value)) throw new TributaryError("request.invalid", `bad ${name} value`, { details: { reason: `bad ${name}` } });
      forwarded.set(name, value);
    }
    if (this.#follower !== undefined && forwarded.size === 0 && path.endsWith(".m3u8")) return this.#follower.get(pointer, path);
    return this.#request(pointer, path, forwarded);
  }

  /** One request to the relay with already checked directives, shared by every identical one meanwhile (RelayCoalescer). */
  #request(pointer: LiveOrigin, path: string, forwarded: URLSearchParams): Promise<RelayAnswer> {
    const search = forwarded.size > 0 ? `?${forwarded}` : "";
    const url = `${pointer.originUrl.replace(/\/+$/, "")}/media/${pointer.mediaId}/${path}${search}`;
    const kind = forwarded.has("_HLS_msn") ? "blocking-reload" : /\.(m3u8|mpd)$/.test(path) ? "playlist" : "part";
    return this.#coalescer.get(url, kind, () => this.#send(url, forwarded));
  }

  async #send(url: string, forwarded: URLSearchParams): Promise<RelayAnswer> {
    const blocking = forwarded.has("_HLS_msn");
    const timeoutMs = blocking ? this.#options.policy.blockingRelayTimeoutMs : this.#options.policy.relayTimeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await (this.#options.fetch ?? fetch)(url, { signal: controller.signal });
      if (response.status >= 500) {
        await response.body?.cancel();
        throw new TributaryError("origin.failed", `relay answered ${response.status}`, { details: { status: response.status } });
      }
      const body = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, contentType: response.headers.get("content-type") ?? undefined, body };
    } catch (error) {
      if (error instanceof TributaryError) throw error;
      if (controller.signal.aborted) throw new TributaryError("origin.timeout", `relay did not answer within ${timeoutMs} ms`, { cause: error });
      throw new TributaryError("origin.failed", "relay unreachable", { cause: error, details: { reason: "unreachable" } });
    } finally {
      clearTimeout(timer);
    }
  }
}
