/**
 * Writes segmenter output for a ladder (N video renditions + one audio) to an `ObjectStore`: headers,
 * segments, media playlists, master.m3u8 and manifest.mpd; ENDLIST + static MPD at the end.
 *
 * Writes are sized to the work: each segment once; a rendition's playlists once per segment; the MPD
 * (and the multivariant playlists, only when their text changed) once per boundary, when the last
 * rendition's segment of that boundary arrives. Every object is published atomically, so a process
 * crash loses nothing stored. A recorded package is written with group durability: one `flush` per
 * boundary makes the boundary's objects durable against a machine crash, and `finish` flushes before
 * it resolves. A live window that is not recorded (`windowSize`) is transient: its segments are
 * deleted seconds later and a machine crash ends its broadcast anyway, so it is never fsynced.
 */
import type { Clock } from "#core/clock.ts";
import type { ObjectStore, ObjectTags } from "#core/storage/object-store.ts";
import { keys, renditionFiles } from "#core/storage/keys.ts";
import { defaultWriteRetry, retryWrite, type WriteRetryPolicy } from "#core/storage/write-retry.ts";
import { writeMultivariantPlaylist } from "../hls/multivariant-playlist.ts";
import { serializeMediaPlaylist } from "../playlist/hls-serializer.ts";
import { serializeMpd } from "../playlist/mpd-serializer.ts";
import { measuredBandwidth, mpdPlan, multivariantModel, renditionPlan } from "./package-model.ts";
import type { HlsMultivariantPlaylist } from "../hls/types.ts";
import type { PackageView, PackagedSegment, RenditionConfig, RenditionState } from "./package-model.ts";
import { SegmentRetention } from "./segment-retention.ts";
import type { SegmenterEvent } from "./types.ts";
import type { DashContentProtection } from "../dash/types.ts";

export interface PackageWriterOptions {
  store: ObjectStore;
  mediaId: string;
  renditions: RenditionConfig[];
  clock: Clock;
  /** Segment target in seconds (the segmenter's). */
  targetDuration?: number;
  /** Segments listed in live playlists; omit to keep every segment (EVENT playlists, recording on). */
  windowSize?: number;
  /**
   * Segments in the DVR playlists (`dvr.m3u8` beside each `index.m3u8`, and a multivariant `dvr.m3u8`):
   * a sliding window longer than the live one, for rewind while live. Omit for none.
   */
  dvrWindowSegments?: number;
  /**
   * With a `windowSize` (no recording), segments that left both windows are deleted, this many at a
   * time (default 16); headers stay.
   */
  deleteBatchSize?: number;
  /** Tags on every object of the package (a recording's, so the bucket's recording expiry finds it). */
  tags?: ObjectTags | undefined;
  /**
   * How a write the store could not take is retried before `handle` rejects with it (default about
   * 26 s of backoff). The writes of one package are serialized, so the backlog grows meanwhile and the
   * broadcast pauses its publisher: nothing is dropped while the store recovers.
   */
  writeRetry?: WriteRetryPolicy;
  /** Told of each retried write (the relay logs and counts them). */
  onWriteRetry?: (key: string, error: unknown, attempt: number) => void;
  /**
   * Write manifest.mpd (default true). Off for `aes-128` packages: DASH has no whole-segment
   * encryption, so no MPD could play their segments.
   */
  dash?: boolean;
  /**
   * The MPD's ContentProtection descriptors for a cenc/cbcs package (MediaProtection.dashContentProtection),
   * asked each time the MPD is written: `undefined` until the first key is known.
   */
  contentProtection?: () => readonly DashContentProtection[] | undefined;
  /**
   * `as-they-grow` (the default, live): playlists follow every segment. `at-finish` (VOD): no
   * playlist or MPD exists until `finish`, so nothing half-written is ever playable.
   */
  manifests?: "as-they-grow" | "at-finish";
}

/** What was packaged, for the recording's asset record. */
export interface PackageSummary {
  durationSeconds: number;
  /** Each rendition, with the media seconds and segment bytes its playlist lists. */
  renditions: { name: string; kind: "video" | "audio"; width: number | undefined; height: number | undefined; bandwidth: number; mediaSeconds: number; bytes: number }[];
}

/** Cache policy per object class: media never changes once written; live manifests must revalidate. */
export const CACHE_CONTROL = {
  immutable: "public, max-age=31536000, immutable",
  live: "no-cache",
  final: "public, max-age=3600",
} as const;

export const CONTENT_TYPE = {
  hls: "application/vnd.apple.mpegurl",
  dash: "application/dash+xml",
} as const;

/** The multivariant playlist pointing at each rendition's DVR playlist instead of its live one. */
function dvrMultivariant(model: HlsMultivariantPlaylist): HlsMultivariantPlaylist {
  const toDvr = (uri: string) => (uri.endsWith(renditionFiles.playlist) ? `${uri.slice(0, -renditionFiles.playlist.length)}${renditionFiles.dvrPlaylist}` : uri);
  return { ...model, audio: model.audio.map((a) => ({ ...a, uri: toDvr(a.uri) })), variants: model.variants.map((v) => ({ ...v, uri: toDvr(v.uri) })) };
}

/**
 * @example
 * const writer = new PackageWriter({ store, mediaId, renditions, clock });
 * for (const event of segmenter.push(bytes)) await writer.handle("720p", event);
 * await writer.finish();
 */
export class PackageWriter {
  readonly #options: PackageWriterOptions;
  readonly #states = new Map<string, RenditionState>();
  /** Present when segments are not recorded (a live window): deletes what no playlist lists any more. */
  readonly #retention: SegmentRetention | undefined;
  #anchorMs: number | undefined;
  #ended = false;
  /** Every store write goes through one queue so a later manifest never lands before an earlier one. */
  #queue: Promise<void> = Promise.resolve();
  /** Text last stored per manifest key: an unchanged manifest is not written again. */
  readonly #written = new Map<string, string>();

  constructor(options: PackageWriterOptions) {
    if (options.renditions.filter((r) => r.kind === "audio").length > 1) throw new TypeError("one audio rendition at most");
    this.#options = options;
    const keep = this.#retainedSegments();
    this.#retention =
      keep === undefined
        ? undefined
        : new SegmentRetention(options.store, { keepSegments: keep, longestPlaylistSeconds: keep * (options.targetDuration ?? 2), deleteBatchSize: options.deleteBatchSize ?? 16 });
    for (const config of options.renditions) {
      if (this.#states.has(config.name)) throw new TypeError(`duplicate rendition ${config.name}`);
      this.#states.set(config.name, { config, inits: [], segments: [] });
    }
  }

  /** Applies one segmenter event of `rendition`; resolves once its objects are stored. */
  handle(rendition: string, event: SegmenterEvent): Promise<void> {
    const state = this.#states.get(rendition);
    if (state === undefined) throw new TypeError(`unknown rendition ${rendition}`);
    if (this.#ended) throw new TypeError("package already finished");
    return this.#enqueue(async () => {
      if (event.type === "init") {
        state.inits.push(event.init);
        await this.#put(keys.init(this.#options.mediaId, rendition, event.init.version), event.init.bytes, this.#mediaType(state), CACHE_CONTROL.immutable);
      } else if (event.type === "segment") {
        const s = event.segment;
        const now = this.#options.clock.now();
        // Anchor wall-clock time to media time once, from the first segment to complete, for all renditions.
        this.#anchorMs ??= now - ((s.decodeTime + s.duration) * 1000) / s.timescale;
        const programDateTime = new Date(this.#anchorMs + (s.decodeTime * 1000) / s.timescale);
        await this.#put(keys.segment(this.#options.mediaId, rendition, s.sequence), s.bytes, this.#mediaType(state), CACHE_CONTROL.immutable);
        state.segments.push({ sequence: s.sequence, decodeTime: s.decodeTime, duration: s.duration, timescale: s.timescale, size: s.bytes.byteLength, discontinuity: s.discontinuity, initVersion: s.initVersion, programDateTime, key: s.key });
        const boundary = this.#closesBoundary(state);
        if (this.#options.manifests !== "at-finish") await this.#writeManifests([state], boundary);
        this.#retire([state], now);
        await this.#retention?.deleteDue(now);
        if (boundary) await this.#options.store.flush?.();
      }
      // Parts are served from memory by the live origin (LL-HLS); storage keeps whole segments.
    });
  }

  /** The stream ended: final playlists with ENDLIST (VOD when every segment was kept) and a static MPD. */
  finish(): Promise<void> {
    return this.#enqueue(async () => {
      this.#ended = true;
      await this.#writeManifests([...this.#states.values()], true);
      this.#retire([...this.#states.values()], this.#options.clock.now());
      await this.#retention?.drain();
      await this.#options.store.flush?.();
    });
  }

  /** Duration (longest rendition) and renditions as packaged so far. */
  summary(): PackageSummary {
    const states = [...this.#states.values()];
    const seconds = (state: RenditionState) => state.segments.reduce((sum, s) => sum + s.duration / s.timescale, 0);
    return {
      durationSeconds: Math.max(0, ...states.map(seconds)),
      renditions: states.map((state) => {
        const track = state.inits[state.inits.length - 1]?.track;
        const bytes = state.segments.reduce((sum, s) => sum + s.size, 0);
        return { name: state.config.name, kind: state.config.kind, width: track?.width, height: track?.height, bandwidth: measuredBandwidth(state).peak, mediaSeconds: seconds(state), bytes };
      }),
    };
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * True when `state`'s newest segment completes a boundary: no other rendition with a header is
   * behind it. A rendition more than one segment ahead of the slowest (one that stalled, e.g. a
   * returning source without audio) closes boundaries by itself, so the MPD never waits on it.
   */
  #closesBoundary(state: RenditionState): boolean {
    const count = state.segments.length;
    let slowest = count;
    for (const other of this.#states.values()) if (other !== state && other.inits.length > 0) slowest = Math.min(slowest, other.segments.length);
    return slowest >= count || count - slowest > 1;
  }

  async #writeManifests(changed: RenditionState[], boundary: boolean): Promise<void> {
    const view = this.#view();
    const cache = this.#ended ? CACHE_CONTROL.final : CACHE_CONTROL.live;
    const { mediaId } = this.#options;
    const dvr = this.#options.dvrWindowSegments === undefined ? undefined : { ...view, windowSize: this.#options.dvrWindowSegments };
    for (const state of changed) {
      if (state.inits.length === 0) continue;
      await this.#putManifest(keys.mediaPlaylist(mediaId, state.config.name), serializeMediaPlaylist(renditionPlan(view, state)), CONTENT_TYPE.hls, cache);
      if (dvr !== undefined) await this.#putManifest(keys.dvrPlaylist(mediaId, state.config.name), serializeMediaPlaylist(renditionPlan(dvr, state)), CONTENT_TYPE.hls, cache);
    }
    // The multivariant playlist needs every rendition's codec string, so it waits for every header.
    if (!boundary || view.renditions.some((r) => r.inits.length === 0)) return;
    await this.#putManifest(keys.multivariant(mediaId), writeMultivariantPlaylist(multivariantModel(view)), CONTENT_TYPE.hls, cache);
    if (this.#options.dash !== false) await this.#putManifest(keys.mpd(mediaId), serializeMpd({ ...mpdPlan(view), contentProtection: this.#options.contentProtection?.() }), CONTENT_TYPE.dash, cache);
    if (dvr !== undefined) await this.#putManifest(keys.dvrMultivariant(mediaId), writeMultivariantPlaylist(dvrMultivariant(multivariantModel(dvr))), CONTENT_TYPE.hls, cache);
  }

  /** Stores a manifest unless the same text under the same cache policy is already there. */
  async #putManifest(key: string, text: string, contentType: string, cacheControl: string): Promise<void> {
    const version = `${cacheControl}\n${text}`;
    if (this.#written.get(key) === version) return;
    await this.#put(key, text, contentType, cacheControl);
    this.#written.set(key, version);
  }

  /** Segments listed by the longest playlist (live or DVR window); `undefined` when every segment is kept. */
  #retainedSegments(): number | undefined {
    const { windowSize, dvrWindowSegments } = this.#options;
    return windowSize === undefined ? undefined : Math.max(windowSize, dvrWindowSegments ?? 0);
  }

  /** Called after `states`' playlists were stored, so a segment leaves storage only once no playlist lists it. */
  #retire(states: readonly RenditionState[], now: number): void {
    if (this.#retention === undefined) return;
    const { mediaId } = this.#options;
    for (const { config, segments } of states) {
      const segmentAt = (i: number) => {
        const s = segments[i] as PackagedSegment;
        return { key: keys.segment(mediaId, config.name, s.sequence), durationSeconds: s.duration / s.timescale };
      };
      this.#retention.retire(config.name, segments.length, segmentAt, now);
    }
  }

  #view(): PackageView {
    const now = this.#options.clock.now();
    return {
      renditions: [...this.#states.values()],
      windowSize: this.#options.windowSize,
      retainedSegments: this.#retainedSegments(),
      targetDuration: this.#options.targetDuration ?? 2,
      ended: this.#ended,
      anchorMs: this.#anchorMs ?? now,
      now: new Date(now),
    };
  }

  #mediaType(state: RenditionState): string {
    return state.config.kind === "audio" ? "audio/mp4" : "video/mp4";
  }

  /** Header versions after the first share the rendition folder (`init-<n>.mp4`); each put is retried while the store is unavailable. */
  async #put(key: string, body: Uint8Array | string, contentType: string, cacheControl: string): Promise<void> {
    const { windowSize, tags, store, onWriteRetry } = this.#options;
    const options = { contentType, cacheControl, durability: windowSize === undefined ? ("group" as const) : ("transient" as const), tags };
    await retryWrite(() => store.put(key, body, options), this.#options.writeRetry ?? defaultWriteRetry, (error, attempt) => onWriteRetry?.(key, error, attempt));
  }
}
