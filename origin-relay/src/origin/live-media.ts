/**
 * The live origin's view of one media: a sink the pipeline feeds with every rendition's segmenter
 * events (synchronously, memory only), which renders LL-HLS playlists, the multivariant playlist and
 * the LL-DASH MPD, serves headers, parts and segments, and parks blocking requests until what they
 * ask for exists (RFC 8216bis §6.2.5.2).
 */
import type { Clock } from "#core/clock.ts";
import { systemTimers } from "#core/webhooks/timers.ts";
import type { Timers } from "#core/webhooks/timers.ts";
import type { RenditionConfig } from "#transcoder/cmaf/package-model.ts";
import type { CmafPart, SegmenterEvent } from "#transcoder/cmaf/types.ts";
import { writeMultivariantPlaylist } from "#transcoder/hls/multivariant-playlist.ts";
import { serializeMediaPlaylist } from "#transcoder/playlist/hls-serializer.ts";
import { serializeMpd } from "#transcoder/playlist/mpd-serializer.ts";
import { PART_RETENTION_TARGETS } from "#transcoder/playlist/plan.ts";
import type { MediaProtection } from "#transcoder/encryption/media-protection.ts";
import { liveMpdPlan, liveMultivariantModel } from "./ll-dash-model.ts";
import { LIVE_WINDOW_SEGMENTS, livePlaylistPlan } from "./ll-hls-model.ts";
import type { LiveView } from "./ll-hls-model.ts";
import { PositionWaiters } from "./position-waiters.ts";
import { RenditionBuffer } from "./rendition-buffer.ts";
import type { RingPolicy, SegmentListener } from "./rendition-buffer.ts";
import { SourceOrigins } from "./source-origins.ts";

export interface LiveMediaOptions {
  mediaId: string;
  renditions: RenditionConfig[];
  clock: Clock;
  /** EXT-X-PART-INF PART-TARGET, seconds: stable for the stream's life (§4.4.3.7); see `choosePartTarget`. */
  partTarget: number;
  /** Segment target, seconds (the segmenter's). */
  targetDuration: number;
  /** Advertise parts (LL-HLS, LL-DASH). Off: only whole segments are listed. */
  lowLatency: boolean;
  /** Whole segments listed; defaults to LIVE_WINDOW_SEGMENTS. */
  windowSegments?: number;
  /** Media seconds behind the live edge a whole segment's bytes stay in memory; defaults to 4 target durations. */
  memorySeconds?: number;
  /** Reads a listed segment that left the memory ring (the package writer stored it); without it such a segment is not found. */
  readStored?: (rendition: string, sequence: number) => Promise<ReadableStream<Uint8Array> | undefined>;
  /** Where blocking-request deadlines fire; real timers by default. */
  timers?: Timers;
  /** LL-DASH ServiceDescription latency target, seconds. */
  dashTargetLatency?: number;
  /**
   * The media's encryption (transcoder/src/encryption/media-protection.ts); events arrive encrypted.
   * Gives the key tag of the segment a preload hint names, and whether an MPD can describe the media.
   */
  protection?: Pick<MediaProtection, "dash" | "keyTag">;
}

/** What a segment request gets: whole bytes, a read from the store, or a follower for the segment still being written. */
export type SegmentBody =
  | { kind: "complete"; bytes: Uint8Array }
  | { kind: "stored"; read: () => Promise<ReadableStream<Uint8Array> | undefined> }
  | { kind: "open"; follow: (listener: SegmentListener) => () => void };

/** A position a blocking request waits for: segment `msn` whole, or part `part` of it (§6.2.5.2). */
export interface PlaylistTarget {
  msn: number;
  part?: number;
}

/**
 * @example
 * const media = new LiveMedia({ mediaId, renditions, clock, partTarget: 0.25, targetDuration: 2, lowLatency: true });
 * for (const event of segmenter.push(bytes)) media.handle("360p", event);
 * const text = media.mediaPlaylist("360p", { skip: false });
 */
export class LiveMedia {
  readonly mediaId: string;
  readonly #options: LiveMediaOptions;
  readonly #buffers = new Map<string, RenditionBuffer>();
  readonly #origins = new SourceOrigins();
  readonly #waiters: PositionWaiters;
  readonly #windowSegments: number;
  readonly #ring: RingPolicy;
  #anchorMs: number | undefined;
  #ended = false;
  #partTargetOverruns = 0;

  constructor(options: LiveMediaOptions) {
    if (!(options.partTarget > 0 && options.partTarget <= options.targetDuration)) throw new TypeError("partTarget must be in (0, targetDuration]");
    this.mediaId = options.mediaId;
    this.#options = options;
    for (const config of options.renditions) {
      if (this.#buffers.has(config.name)) throw new TypeError(`duplicate rendition ${config.name}`);
      this.#buffers.set(config.name, new RenditionBuffer(config));
    }
    this.#waiters = new PositionWaiters(options.timers ?? systemTimers(options.clock));
    this.#windowSegments = options.windowSegments ?? LIVE_WINDOW_SEGMENTS;
    const partSeconds = PART_RETENTION_TARGETS * options.targetDuration;
    this.#ring = { partSeconds, byteSeconds: Math.max(partSeconds, options.memorySeconds ?? 4 * options.targetDuration) };
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Distinct positions blocking requests are parked on (one wake-up each). */
  get waitingKeys(): number {
    return this.#waiters.size;
  }

  /** Parts longer than PART-TARGET so far: each one breaks §4.4.4.9, so the pipeline should pick a larger target. */
  get partTargetOverruns(): number {
    return this.#partTargetOverruns;
  }

  renditionNames(): string[] {
    return [...this.#buffers.keys()];
  }

  has(rendition: string): boolean {
    return this.#buffers.has(rendition);
  }

  kindOf(rendition: string): "video" | "audio" {
    return this.#buffer(rendition).config.kind;
  }

  /** Applies one segmenter event of `rendition`. Synchronous: parked requests wake in a microtask. */
  handle(rendition: string, event: SegmenterEvent): void {
    const buffer = this.#buffer(rendition);
    if (this.#ended) throw new TypeError("live media already ended");
    if (event.type === "init") buffer.inits.push(event.init);
    else if (event.type === "part") this.#addPart(rendition, buffer, event.part);
    else {
      this.#origins.segment(rendition, event.segment);
      buffer.completeSegment(event.segment, this.#windowSegments);
      buffer.prune(this.#ring);
    }
    this.#waiters.check();
  }

  /**
   * The package writer stored segment `sequence` of `rendition`: from here the store serves its bytes,
   * and memory keeps them only while LL-HLS lists its parts. Without `readStored` nothing could read
   * them back, so the ring keeps its byte window instead.
   */
  stored(rendition: string, sequence: number): void {
    if (this.#options.readStored === undefined) return;
    const buffer = this.#buffer(rendition);
    buffer.markStored(sequence, this.#options.lowLatency);
    buffer.prune(this.#ring);
  }

  /** The stream ended: playlists get ENDLIST, parked requests and open segment streams finish. */
  end(): void {
    this.#ended = true;
    for (const buffer of this.#buffers.values()) buffer.close();
    this.#waiters.releaseAll();
  }

  /** Sequence number of the newest segment listed (whole, or with parts), for the §6.2.5.2 "last + 2" rule. */
  lastMsn(rendition: string): number | undefined {
    return this.#buffer(rendition).lastPosition()?.msn;
  }

  /** Resolves `true` once `target` is in `rendition`'s playlist, `false` at `deadline` (epoch ms) or at the end. */
  awaitPlaylist(rendition: string, target: PlaylistTarget, deadline: number): Promise<boolean> {
    const buffer = this.#buffer(rendition);
    const key = `${rendition}/${target.msn}/${target.part ?? "whole"}`;
    return this.#waiters.wait(key, () => buffer.reached(target), deadline);
  }

  /** Resolves `true` once `rendition` has a playlist to show (its first whole segment), `false` at `deadline`. */
  awaitListed(rendition: string, deadline: number): Promise<boolean> {
    const buffer = this.#buffer(rendition);
    return this.#waiters.wait(`${rendition}/listed`, () => buffer.segments.length > 0, deadline);
  }

  /** The rendition's LL-HLS playlist, or `undefined` until its first segment is whole. */
  mediaPlaylist(rendition: string, options: { skip: boolean }): string | undefined {
    const buffer = this.#buffer(rendition);
    if (buffer.segments.length === 0) return undefined;
    return serializeMediaPlaylist(livePlaylistPlan(this.#view(), buffer, { lowLatency: this.#options.lowLatency, skip: options.skip }));
  }

  /**
   * master.m3u8, once every rendition has its header and every video rendition lists a whole segment:
   * a player that reads it finds the variant playlists ready, instead of one held until the first
   * segment is cut (audio, cut at the same boundary, follows within a frame).
   */
  multivariantPlaylist(): string | undefined {
    if ([...this.#buffers.values()].some((b) => b.inits.length === 0 || (b.segments.length === 0 && b.config.kind === "video"))) return undefined;
    return writeMultivariantPlaylist(liveMultivariantModel(this.#view(), new Date(this.#options.clock.now())));
  }

  /** manifest.mpd, once every rendition has a header and a first part; never for media only HLS can decrypt. */
  mpd(timeUrl: string): string | undefined {
    if (this.#options.protection?.dash === false) return undefined;
    if ([...this.#buffers.values()].some((b) => b.inits.length === 0) || this.#origins.renditions < this.#buffers.size) return undefined;
    const now = new Date(this.#options.clock.now());
    return serializeMpd(liveMpdPlan(this.#view(), now, { timeUrl, targetLatency: this.#options.dashTargetLatency ?? 1 }));
  }

  init(rendition: string, version: number): Uint8Array | undefined {
    return this.#buffer(rendition).inits.find((i) => i.version === version)?.bytes;
  }

  part(rendition: string, sequence: number, index: number): Uint8Array | undefined {
    return this.#buffer(rendition).findPart(sequence, index)?.bytes;
  }

  segment(rendition: string, sequence: number): SegmentBody | undefined {
    const buffer = this.#buffer(rendition);
    const whole = buffer.findSegment(sequence);
    if (whole?.bytes !== undefined) return { kind: "complete", bytes: whole.bytes };
    const { readStored } = this.#options;
    if (whole !== undefined) return readStored === undefined ? undefined : { kind: "stored", read: () => readStored(rendition, sequence) };
    // Encrypted parts are objects of their own: their concatenation is not the segment's ciphertext.
    if (buffer.open?.sequence !== sequence || this.#ended || this.#options.protection !== undefined) return undefined;
    return { kind: "open", follow: (listener) => buffer.follow(sequence, listener) };
  }

  #addPart(rendition: string, buffer: RenditionBuffer, part: CmafPart): void {
    const end = (part.decodeTime + part.duration) / part.timescale;
    // Media time 0 happened this long before the first part was complete, for every rendition.
    this.#anchorMs ??= this.#options.clock.now() - end * 1000;
    this.#origins.part(rendition, part, buffer.inits[buffer.inits.length - 1]?.version ?? 0);
    if (part.duration / part.timescale > this.#options.partTarget + 0.0005) this.#partTargetOverruns++;
    buffer.addPart(part);
    buffer.prune(this.#ring);
  }

  #view(): LiveView {
    return {
      buffers: [...this.#buffers.values()],
      origins: this.#origins,
      partTarget: this.#options.partTarget,
      targetDuration: this.#options.targetDuration,
      anchorMs: this.#anchorMs ?? this.#options.clock.now(),
      ended: this.#ended,
      ...(this.#options.protection === undefined ? {} : { keyTag: (sequence: number) => this.#options.protection?.keyTag(sequence) }),
    };
  }

  #buffer(rendition: string): RenditionBuffer {
    const buffer = this.#buffers.get(rendition);
    if (buffer === undefined) throw new TypeError(`unknown rendition ${rendition}`);
    return buffer;
  }
}
