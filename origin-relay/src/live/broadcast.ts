/**
 * One broadcast (one media id): the package a stream's publisher sessions write into. The first
 * session's source fits the ladder; each session (RTMP's FLV or SRT's MPEG-TS, a publisher that
 * returns inside the reconnect window) gets its own supervised ffmpeg (or, for a passthrough-only ladder
 * over RTMP, an in-process remuxer), and a SessionJoiner keeps the package continuous across them.
 * One ordered dispatcher per broadcast hands every joined event to its consumers: the live origin and
 * the thumbnailer at once (memory only), the storage writer in order per rendition without holding up
 * the producer, so a part reaches viewers before the previous segment's storage writes are done and a
 * slow store never delays one.
 */
import type { Clock } from "#core/clock.ts";
import { RECORDING_TAGS } from "#core/platform/layout.ts";
import type { StreamRecord } from "#core/records/schemas.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { Logger } from "#core-node/logger.ts";
import { PackageWriter, type PackageSummary } from "#transcoder/cmaf/package-writer.ts";
import { SessionJoiner } from "#transcoder/cmaf/session-joiner.ts";
import { OrderedSinks } from "#transcoder/pipeline/ordered-sinks.ts";
import type { CmafSegment, SegmenterEvent } from "#transcoder/cmaf/types.ts";
import type { FfmpegTools } from "#transcoder/ffmpeg/locate.ts";
import type { ProgressUpdate } from "#transcoder/ffmpeg/progress.ts";
import type { Ladder } from "#core/ladder/types.ts";
import type { PipelineSink } from "#transcoder/pipeline/pipeline-sink.ts";
import type { MediaProtection } from "#transcoder/encryption/media-protection.ts";
import { renditionConfigs } from "#transcoder/pipeline/renditions.ts";
import type { RenditionConfig } from "#transcoder/cmaf/package-model.ts";
import type { KeyframeDecoder } from "#transcoder/thumbnails/keyframe-decoder.ts";
import { Thumbnailer } from "#transcoder/thumbnails/thumbnailer.ts";
import { broadcastProtection, EncryptedDispatch, type BroadcastKeys } from "./broadcast-encryption.ts";
import { ladderForStream } from "./ladder-for-stream.ts";
import { bytesUnit, type SourceUnit } from "../demux/source-unit.ts";
import { LIVE_WINDOW_SEGMENTS } from "../origin/ll-hls-model.ts";
import type { SessionInput, SessionTarget } from "./session-input.ts";
import { SilentAudio, silencedInput } from "./silent-audio.ts";
import { createSessionPipeline, type SessionPipeline } from "./session-pipeline.ts";
import { StoragePressure, type StorageBacklog } from "./storage-pressure.ts";

/** A live consumer of a broadcast's events; `stored` hears of each segment once the package writer has stored it. */
export type LiveSink = PipelineSink & { end?(): void; stored?(rendition: string, sequence: number): void };
export type LiveSinkFactory = (broadcast: { mediaId: string; ladder: Ladder; renditions: RenditionConfig[]; protection?: MediaProtection | undefined }) => LiveSink;

export interface BroadcastOptions {
  store: ObjectStore;
  stream: StreamRecord;
  mediaId: string;
  tools: FfmpegTools;
  clock: Clock;
  log: Logger;
  liveSinks?: LiveSinkFactory[];
  /** Content keys, for streams whose `encryption` is not `none`; such a stream cannot broadcast without them. */
  contentKeys?: BroadcastKeys;
  /** Segments listed in storage playlists while live when recording is off; defaults to the live origin's window, whose older segments are read from storage. */
  liveWindowSegments?: number;
  /** Seconds between thumbnails; 0 turns them off. */
  thumbnailIntervalSeconds?: number;
  /** The relay's shared keyframe decoder for thumbnails (owned and closed by the relay). */
  keyframeDecoder?: KeyframeDecoder | undefined;
  /** Bytes a new session may queue while the previous session's encoder is still flushing. */
  maxQueuedBytes?: number;
  /**
   * Packaged bytes that may wait for storage before the broadcast reports it is behind, so its
   * publisher is paused (TCP backpressure) until the queue is back under half: memory stays bounded
   * and nothing accepted is dropped. Default 16 MiB.
   */
  maxStorageBacklogBytes?: number;
  onStarted?: (ladder: Ladder) => void;
  /** The first segment of the broadcast is stored: viewers can play. */
  onFirstSegment?: () => void;
  /** Each packaged segment, once the package writer has stored it (metering counts these). */
  onSegmentStored?: (rendition: string, segment: CmafSegment) => void;
  onProgress?: (update: ProgressUpdate) => void;
  /** Called each time a session's ffmpeg died and is restarted. */
  onTranscoderRestart?: () => void;
}

const DEFAULT_STORAGE_BACKLOG_BYTES = 16 * 1024 * 1024;

interface Session {
  pipeline: SessionPipeline | undefined;
  queued: SourceUnit[];
  queuedBytes: number;
  started: Promise<void>;
  ended: boolean;
  /** Stands in for the audio of a session that has none, in a broadcast that has an audio rendition. */
  silence: SilentAudio | undefined;
}

export class Broadcast {
  readonly mediaId: string;
  readonly #options: BroadcastOptions;
  readonly #joiner = new SessionJoiner();
  /** Every session's pipeline hands its events here; they are joined, then dispatched on `#bus`. */
  readonly #joined: PipelineSink = { immediate: true, handle: (rendition, event) => this.#deliver(rendition, event) };
  #bus: OrderedSinks | undefined;
  #ladder: Ladder | undefined;
  #writer: PackageWriter | undefined;
  #encryption: EncryptedDispatch | undefined;
  #sinks: LiveSink[] = [];
  #thumbnailer: Thumbnailer | undefined;
  #session: Session | undefined;
  #previousEnd: Promise<void> = Promise.resolve();
  #finished: Promise<PackageSummary | undefined> | undefined;
  #sawSegment = false;
  /** The first AAC AudioSpecificConfig a session sent: silence is made in the package's audio format. */
  #audioConfig: Uint8Array | undefined;
  readonly #pressure: StoragePressure;

  constructor(options: BroadcastOptions) {
    this.#options = options;
    this.mediaId = options.mediaId;
    this.#pressure = new StoragePressure(options.log, options.mediaId);
  }

  get ladder(): Ladder | undefined {
    return this.#ladder;
  }

  /**
   * Calls `listener` whenever storage falls behind (true) or catches up (false), and at once when it
   * is behind already; returns the unsubscribe.
   */
  onStoragePressure(listener: (behind: boolean) => void): () => void {
    return this.#pressure.subscribe(listener);
  }

  get storageBacklog(): StorageBacklog {
    return { bytes: this.#bus?.queuedBytes ?? 0, peakBytes: this.#bus?.peakBytes ?? 0, capBytes: this.#storageCap() };
  }

  /** The deepest storage backlog since the previous call, for one health report; the next interval starts now. */
  takeRecentStorageBacklog(): { peakBytes: number; capBytes: number } {
    return { peakBytes: this.#bus?.takeRecentPeak() ?? 0, capBytes: this.#storageCap() };
  }

  /** Publisher sessions that have begun transcoding. */
  get sessions(): number {
    return this.#joiner.sessions;
  }

  /**
   * A new publisher session; its source calls `open` once it knows the stream, then `write`. A session
   * that opens while another is running (an RTMP take-over) ends the older one; the older one's
   * later writes are ignored.
   */
  session(): SessionTarget {
    let own: Session | undefined;
    return {
      open: (input, held) => {
        own = this.#open(input, held);
      },
      write: (unit) => {
        if (own !== undefined && own === this.#session) this.#write(unit);
      },
    };
  }

  /** The publisher left: flushes its encoder so everything received is packaged; the package stays open. */
  endSession(): Promise<void> {
    const session = this.#session;
    if (session === undefined || session.ended) return this.#previousEnd;
    session.ended = true;
    this.#previousEnd = session.started.then(async () => {
      try {
        await session.pipeline?.end();
      } catch (error) {
        this.#options.log.warn({ err: error, mediaId: this.mediaId }, "transcoder did not end cleanly; keeping what was packaged");
      }
      try {
        await this.#encryption?.settled();
        await this.#bus?.drain();
      } catch (error) {
        this.#options.log.warn({ err: error, mediaId: this.mediaId }, "packaged output not fully stored");
      }
    });
    return this.#previousEnd;
  }

  /** The broadcast is over: final playlists (VOD + static MPD when every segment was kept). */
  finish(): Promise<PackageSummary | undefined> {
    this.#finished ??= (async () => {
      await this.endSession();
      if (this.#writer === undefined) return undefined;
      for (const sink of this.#sinks) sink.end?.();
      await this.#thumbnailer?.idle();
      await this.#writer.finish();
      return this.#writer.summary();
    })();
    return this.#finished;
  }

  #open(source: SessionInput, sourceHeld: SourceUnit[]): Session | undefined {
    if (this.#finished !== undefined) return undefined;
    if (this.#session !== undefined && !this.#session.ended) void this.endSession();
    for (const unit of sourceHeld) this.#observe(unit);
    const ladder = (this.#ladder ??= this.#prepare(source));
    // A returning publisher without audio (RTMP): silence keeps the audio rendition, and players, going.
    const silence = ladder.audio !== null && !source.hasAudio && source.inputFormat === "flv" ? SilentAudio.fitting(this.#audioConfig) : undefined;
    const input = silence === undefined ? source : silencedInput(source, silence);
    const held = silence === undefined ? sourceHeld : [silence.config, ...sourceHeld.flatMap((unit) => silence.around(unit))];
    if (silence !== undefined) this.#options.log.info({ mediaId: this.mediaId, sampleRate: silence.sampleRate, channels: silence.channels }, "session has no audio: sending silence");
    const session: Session = { pipeline: undefined, queued: held, queuedBytes: held.reduce((n, unit) => n + unit.size, 0), started: Promise.resolve(), ended: false, silence };
    this.#session = session;
    session.started = this.#previousEnd.then(() => {
      if (this.#finished !== undefined) return;
      const { tools, log } = this.#options;
      const hasAudio = ladder.audio !== null;
      this.#joiner.beginSession();
      const pipeline = createSessionPipeline(ladder, input, {
        tools,
        sinks: [this.#joined],
        log: log.child({ mediaId: this.mediaId, session: this.#joiner.sessions }),
        onProgress: this.#options.onProgress,
        onRestart: this.#options.onTranscoderRestart,
      });
      pipeline.done.catch((error: unknown) => log.error({ err: error, mediaId: this.mediaId }, "transcoder gave up"));
      const header = input.header(hasAudio);
      if (header) pipeline.write(bytesUnit(header));
      for (const unit of session.queued) pipeline.write(unit);
      session.queued = [];
      session.pipeline = pipeline;
      log.info({ mediaId: this.mediaId, session: this.#joiner.sessions, inputFormat: input.inputFormat, source: input.codecInfo.video }, "session transcoding");
    });
    return session;
  }

  #observe(unit: SourceUnit): void {
    if (unit.media?.kind === "audio-config") this.#audioConfig ??= unit.media.audioSpecificConfig;
  }

  #write(sourceUnit: SourceUnit): void {
    this.#observe(sourceUnit);
    const silence = this.#session?.silence;
    if (silence === undefined) return this.#writeUnit(sourceUnit);
    for (const unit of silence.around(sourceUnit)) this.#writeUnit(unit);
  }

  #writeUnit(unit: SourceUnit): void {
    const session = this.#session;
    if (session === undefined || session.ended) return;
    if (session.pipeline) {
      session.pipeline.write(unit);
      return;
    }
    // The previous session's encoder is still flushing: queue, within bounds.
    if (session.queuedBytes + unit.size > (this.#options.maxQueuedBytes ?? 32 * 1024 * 1024)) return;
    session.queued.push(unit);
    session.queuedBytes += unit.size;
  }

  /** The first session fixes the ladder and the package; later sessions are scaled into the same renditions. */
  #prepare(input: SessionInput): Ladder {
    const { store, stream, mediaId, tools, clock, log } = this.#options;
    const ladder = ladderForStream(stream, input.codecInfo, input.hasAudio);
    const renditions = renditionConfigs(ladder);
    const dvrSegments = Math.ceil(stream.dvrWindowSeconds / ladder.segmentDuration);
    const tags = stream.recording ? RECORDING_TAGS : undefined;
    const protection = broadcastProtection(stream, mediaId, this.#options.contentKeys);
    this.#encryption = protection === undefined ? undefined : new EncryptedDispatch(protection, log, mediaId);
    this.#writer = new PackageWriter({
      store,
      mediaId,
      renditions,
      clock,
      targetDuration: ladder.segmentDuration,
      ...(stream.recording ? {} : { windowSize: this.#options.liveWindowSegments ?? LIVE_WINDOW_SEGMENTS }),
      ...(dvrSegments > 0 ? { dvrWindowSegments: dvrSegments } : {}),
      tags,
      dash: protection?.dash ?? true,
      onWriteRetry: (key, error, attempt) => log.warn({ mediaId, key, attempt, err: error }, "storage write failed; retrying"),
    });
    this.#sinks = (this.#options.liveSinks ?? []).map((factory) => factory({ mediaId, ladder, renditions, protection }));
    const smallest = [...ladder.video].sort((a, b) => a.height - b.height)[0]?.name ?? ladder.passthrough?.name;
    const interval = this.#options.thumbnailIntervalSeconds ?? 10;
    if (smallest !== undefined && interval > 0) this.#thumbnailer = new Thumbnailer({ store, mediaId, rendition: smallest, ffmpegPath: tools.ffmpeg, intervalSeconds: interval, decoder: this.#options.keyframeDecoder, log, tags });
    const writer = this.#writer;
    const stored: PipelineSink = { handle: (rendition, event) => writer.handle(rendition, event) };
    const afterStore: PipelineSink = { handle: (rendition, event) => this.#onStored(rendition, event) };
    // Pictures are made from clear media: an encrypted broadcast's thumbnailer hears events before encryption (#deliver).
    const thumbnails: PipelineSink[] = this.#thumbnailer && protection === undefined ? [{ immediate: true, handle: (rendition, event) => this.#thumbnailer?.handle(rendition, event) }] : [];
    this.#bus = new OrderedSinks([...this.#sinks, ...thumbnails, stored, afterStore], log.child({ mediaId }), {
      highWaterBytes: this.#storageCap(),
      onPressure: (behind, backlogBytes) => this.#pressure.report(behind, backlogBytes),
    });
    log.info({ mediaId, renditions: renditions.map((r) => r.name), source: input.codecInfo.video }, "broadcast transcoding");
    this.#options.onStarted?.(ladder);
    return ladder;
  }

  #storageCap(): number {
    return this.#options.maxStorageBacklogBytes ?? DEFAULT_STORAGE_BACKLOG_BYTES;
  }

  #deliver(rendition: string, event: SegmenterEvent): void {
    const joined = this.#joiner.join(rendition, event);
    if (joined === undefined) return;
    if (this.#encryption === undefined) return this.#bus?.dispatch(rendition, [joined]);
    this.#thumbnailer?.handle(rendition, joined);
    this.#encryption.deliver(rendition, joined, (name, event) => this.#bus?.dispatch(name, [event]));
  }

  /** Runs after the package writer handled `event`: live sinks may let a stored segment's bytes go. */
  #onStored(rendition: string, event: SegmenterEvent): void {
    if (event.type !== "segment") return;
    for (const sink of this.#sinks) sink.stored?.(rendition, event.segment.sequence);
    this.#options.onSegmentStored?.(rendition, event.segment);
    if (this.#sawSegment) return;
    this.#sawSegment = true;
    this.#options.onFirstSegment?.();
  }
}
