/**
 * Broadcasts whose relay died mid-stream (killed, crashed, host lost) are ended by whichever relay
 * notices: the stored media playlists get EXT-X-ENDLIST, the MPD turns static, a recording becomes
 * an asset, webhooks say `stream.ended` (recovered), and the pointer reads `ended`. A pointer is an
 * orphan when no relay holds it any more: its heartbeat is stale (platform/layout.ts LIVE_POINTER),
 * or it names this relay's address under another relay id (this relay's previous run). Every write
 * is conditional on what was read, so two relays ending the same orphan never clobber a newer write.
 */
import type { Clock } from "#core/clock.ts";
import { isTributaryError } from "#core/errors.ts";
import { saveAsset } from "#core/records/assets.ts";
import { isPointerCurrent } from "#core/records/live-pointer-freshness.ts";
import { liveOriginSchema, streamRecordSchema, type LiveOrigin } from "#core/records/schemas.ts";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import { bodyBytes } from "#core/storage/object-body.ts";
import type { ObjectStore, ObjectTags, PutOptions } from "#core/storage/object-store.ts";
import { publishAdmissionRetry, retryWrite } from "#core/storage/write-retry.ts";
import { RECORDING_TAGS } from "#core/platform/layout.ts";
import { CACHE_CONTROL } from "#transcoder/cmaf/package-writer.ts";
import type { Timers } from "#core/webhooks/timers.ts";
import type { Logger } from "#core-node/logger.ts";
import { endedMpd, endedPlaylist, listedRenditions, playlistEncryption, playlistSeconds } from "./ended-manifests.ts";
import type { Encryption } from "#core/drm/content-key.ts";
import type { WebhookSink } from "./live-stream.ts";

export interface OrphanPolicy {
  /** How often stored pointers are swept for stale ones. */
  sweepMs: number;
  /** Pointers read per sweep at most (list pages of 1,000). */
  maxPointers: number;
}

export const defaultOrphanPolicy: OrphanPolicy = { sweepMs: 60_000, maxPointers: 10_000 };

export interface OrphanDeps {
  store: ObjectStore;
  clock: Clock;
  timers: Timers;
  log: Logger;
  webhooks?: WebhookSink | undefined;
  /** This relay: its pointers' address and id. */
  self: Pick<LiveOrigin, "originUrl" | "relayId">;
  /** Whether this relay holds the media now (a pointer it is writing is never an orphan). */
  holds: (mediaId: string) => boolean;
}

/** What ending an orphan's manifests found: media seconds, renditions, and the encryption its playlists name. */
interface EndedManifests {
  seconds: number;
  renditions: ReturnType<typeof listedRenditions>;
  encryption: Encryption;
}

export class OrphanBroadcasts {
  readonly #deps: OrphanDeps;
  readonly #policy: OrphanPolicy;
  readonly #ending = new Set<string>();
  readonly #background = new Set<Promise<unknown>>();
  #cancel: (() => void) | undefined;
  #stopped = false;

  constructor(deps: OrphanDeps, policy: OrphanPolicy = defaultOrphanPolicy) {
    this.#deps = deps;
    this.#policy = policy;
  }

  /** Sweeps now and then every `sweepMs` until `stop()`. */
  start(): Promise<void> {
    this.#stopped = false;
    return this.#sweepAndSchedule();
  }

  /** No more sweeps; resolves once the orphans being ended are done. */
  stop(): Promise<void> {
    this.#stopped = true;
    this.#cancel?.();
    this.#cancel = undefined;
    return this.settled();
  }

  isOrphan(pointer: LiveOrigin): boolean {
    if (pointer.state === "ended" || this.#deps.holds(pointer.mediaId)) return false;
    const previousRun = pointer.originUrl === this.#deps.self.originUrl && pointer.relayId !== this.#deps.self.relayId;
    return previousRun || !isPointerCurrent(pointer, this.#deps.clock.now());
  }

  /**
   * Before this relay takes a stream over: an orphaned broadcast under its pointer is ended in the
   * background (its media keeps its own id, so the new broadcast does not wait for it).
   */
  async beforeTakeover(streamId: string): Promise<void> {
    const document = await retryWrite(() => readJson(this.#deps.store, keys.liveOrigin(streamId), liveOriginSchema), publishAdmissionRetry);
    if (document === undefined || !this.isOrphan(document.value)) return;
    const ending = this.end(document.value, undefined);
    this.#background.add(ending);
    void ending.finally(() => this.#background.delete(ending));
  }

  /** Resolves once the orphans being ended in the background are done. */
  async settled(): Promise<void> {
    await Promise.all(this.#background);
  }

  /** Reads every stored pointer (bounded) and ends the orphans. */
  async sweep(): Promise<number> {
    let cursor: string | undefined;
    let read = 0;
    let ended = 0;
    do {
      const page = await this.#deps.store.list({ prefix: "live/", limit: 1_000, ...(cursor ? { cursor } : {}) });
      for (const object of page.objects) {
        if (!object.key.endsWith("/origin.json")) continue;
        if (++read > this.#policy.maxPointers) return ended;
        const document = await this.#readPointer(object.key);
        if (document === undefined || !this.isOrphan(document.value)) continue;
        if (await this.end(document.value, document.etag)) ended++;
      }
      cursor = page.cursor;
    } while (cursor !== undefined && !this.#stopped);
    return ended;
  }

  /**
   * Ends one orphaned broadcast; with `pointerEtag`, also marks its pointer ended unless someone
   * rewrote it since. Resolves false when another call is already ending it, or when it fails (logged).
   */
  async end(pointer: LiveOrigin, pointerEtag: string | undefined): Promise<boolean> {
    if (this.#ending.has(pointer.mediaId)) return false;
    this.#ending.add(pointer.mediaId);
    const log = this.#deps.log.child({ streamId: pointer.streamId, mediaId: pointer.mediaId, relayId: pointer.relayId });
    try {
      const stream = (await readJson(this.#deps.store, keys.stream(pointer.streamId), streamRecordSchema))?.value;
      const recorded = stream?.recording === true;
      const manifests = await this.#endManifests(pointer.mediaId, recorded ? RECORDING_TAGS : undefined);
      if (pointerEtag !== undefined) await this.#endPointer(pointer, pointerEtag);
      if (recorded) await this.#saveRecording(pointer, manifests);
      this.#deps.webhooks?.enqueue(pointer.tenantId, "stream.ended", { streamId: pointer.streamId, mediaId: pointer.mediaId, recovered: true });
      log.warn({ durationSeconds: manifests.seconds }, "ended a broadcast whose relay stopped");
      return true;
    } catch (error) {
      log.error({ err: error }, "orphaned broadcast not ended; the next sweep retries");
      return false;
    } finally {
      this.#ending.delete(pointer.mediaId);
    }
  }

  async #sweepAndSchedule(): Promise<void> {
    const sweep = this.sweep().catch((error: unknown) => this.#deps.log.warn({ err: error }, "orphan sweep failed"));
    this.#background.add(sweep);
    await sweep;
    this.#background.delete(sweep);
    if (this.#stopped) return;
    this.#cancel = this.#deps.timers.schedule(this.#deps.clock.now() + this.#policy.sweepMs, () => void this.#sweepAndSchedule());
  }

  async #readPointer(key: string) {
    try {
      return await readJson(this.#deps.store, key, liveOriginSchema);
    } catch (error) {
      if (!isTributaryError(error, "record.invalid")) throw error;
      this.#deps.log.warn({ err: error, key }, "live pointer unreadable; left alone");
      return undefined;
    }
  }

  /** Ends every rendition playlist (live and DVR) and the MPD; returns the media seconds the longest rendition lists. */
  async #endManifests(mediaId: string, tags: ObjectTags | undefined): Promise<EndedManifests> {
    const master = await this.#text(keys.multivariant(mediaId));
    const renditions = master === undefined ? [] : listedRenditions(master.text);
    let seconds = 0;
    let encryption: Encryption = "none";
    const playlistType = { contentType: "application/vnd.apple.mpegurl", cacheControl: CACHE_CONTROL.final, tags };
    for (const rendition of renditions) {
      const live = await this.#endPlaylist(keys.mediaPlaylist(mediaId, rendition.name), playlistType);
      if (live !== undefined) seconds = Math.max(seconds, playlistSeconds(live));
      if (live !== undefined && encryption === "none") encryption = playlistEncryption(live);
      await this.#endPlaylist(keys.dvrPlaylist(mediaId, rendition.name), playlistType);
    }
    const mpd = await this.#text(keys.mpd(mediaId));
    const ended = mpd === undefined ? undefined : endedMpd(mpd.text, seconds);
    if (mpd !== undefined && ended !== undefined) await this.#replace(keys.mpd(mediaId), ended, mpd.etag, { contentType: "application/dash+xml", cacheControl: CACHE_CONTROL.final, tags });
    return { seconds, renditions, encryption };
  }

  /** Ends the playlist at `key` if it is there; returns its text as read. */
  async #endPlaylist(key: string, options: Omit<PutOptions, "ifMatch">): Promise<string | undefined> {
    const playlist = await this.#text(key);
    if (playlist === undefined) return undefined;
    const ended = endedPlaylist(playlist.text);
    if (ended !== undefined) await this.#replace(key, ended, playlist.etag, options);
    return playlist.text;
  }

  async #endPointer(pointer: LiveOrigin, etag: string): Promise<void> {
    const ended: LiveOrigin = { ...pointer, state: "ended", endedAt: new Date(this.#deps.clock.now()).toISOString() };
    await this.#replace(keys.liveOrigin(pointer.streamId), JSON.stringify(liveOriginSchema.parse(ended)), etag, { contentType: "application/json", cacheControl: "no-store" });
  }

  async #saveRecording(pointer: LiveOrigin, ended: EndedManifests): Promise<void> {
    if (ended.seconds <= 0) return;
    // The media id names the recording: whichever relay ends the orphan writes the same asset.
    const assetId = pointer.mediaId;
    await saveAsset(this.#deps, {
      id: assetId,
      tenantId: pointer.tenantId,
      kind: "recording",
      createdAt: new Date(this.#deps.clock.now()).toISOString(),
      mediaId: pointer.mediaId,
      sourceStreamId: pointer.streamId,
      status: "ready",
      durationSeconds: ended.seconds,
      encryption: ended.encryption,
      renditions: ended.renditions.flatMap((r) => (r.video && r.width !== undefined && r.height !== undefined ? [{ name: r.name, width: r.width, height: r.height, bandwidth: r.bandwidth ?? 0 }] : [])),
    });
    this.#deps.webhooks?.enqueue(pointer.tenantId, "recording.ready", { streamId: pointer.streamId, mediaId: pointer.mediaId, assetId, recovered: true });
  }

  async #text(key: string): Promise<{ text: string; etag: string } | undefined> {
    const object = await this.#deps.store.get(key);
    if (object === undefined) return undefined;
    return { text: new TextDecoder().decode(await bodyBytes(object.body)), etag: object.etag };
  }

  /** Writes `text` only over the version read; a newer write (someone else got there) wins. */
  async #replace(key: string, text: string, etag: string, options: Omit<PutOptions, "ifMatch">): Promise<void> {
    try {
      await this.#deps.store.put(key, text, { ...options, ifMatch: etag });
    } catch (error) {
      if (!isTributaryError(error, "storage.precondition_failed")) throw error;
    }
  }
}
