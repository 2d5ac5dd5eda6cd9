/**
 * One broadcast: an accepted publish becomes a supervised ffmpeg ladder whose CMAF output goes to
 * storage (and to any live sinks such as the LL-HLS origin). The FLV header, onMetaData and the
 * sequence headers are kept so a restarted ffmpeg can pick the stream up mid-flight.
 */
import type { Clock } from "#core/clock.ts";
import type { StreamRecord } from "#core/records/schemas.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { Logger } from "#core-node/logger.ts";
import { PackageWriter } from "#transcoder/cmaf/package-writer.ts";
import { buildLiveArgs } from "#transcoder/ffmpeg/args.ts";
import type { FfmpegTools } from "#transcoder/ffmpeg/locate.ts";
import type { ProgressUpdate } from "#transcoder/ffmpeg/progress.ts";
import type { Ladder } from "#transcoder/ladder/types.ts";
import { LadderPipeline, type PipelineSink } from "#transcoder/pipeline/ladder-pipeline.ts";
import { renditionConfigs } from "#transcoder/pipeline/renditions.ts";
import type { RenditionConfig } from "#transcoder/cmaf/package-model.ts";
import { CodecInfoTracker, type IngestCodecInfo } from "#relay/flv/codec-info.ts";
import { encodeFlvHeader, encodeFlvTag } from "#relay/flv/muxer.ts";
import { FlvTagType, type FlvTag } from "#relay/flv/tag.ts";
import { isSequenceHeader, parseVideoTag } from "#relay/flv/video-tag.ts";
import { parseAudioTag } from "#relay/flv/audio-tag.ts";
import type { PublishEndReason } from "#relay/rtmp/session/types.ts";
import { ladderForStream } from "./ladder-for-stream.ts";
import { SourceGate } from "./source-gate.ts";

/** Extra consumers of the packaged output, created once the ladder is known (the LL-HLS origin). */
export type LiveSinkFactory = (broadcast: { mediaId: string; ladder: Ladder; renditions: RenditionConfig[] }) => PipelineSink & { end?(): void };

export interface BroadcastOptions {
  store: ObjectStore;
  stream: StreamRecord;
  mediaId: string;
  tools: FfmpegTools;
  clock: Clock;
  log: Logger;
  liveSinks?: LiveSinkFactory[];
  /** Segments listed in storage playlists while live when recording is off. */
  liveWindowSegments?: number;
  onStarted?: (ladder: Ladder) => void;
  onProgress?: (update: ProgressUpdate) => void;
}

export class Broadcast {
  readonly mediaId: string;
  readonly #options: BroadcastOptions;
  readonly #codecs = new CodecInfoTracker();
  readonly #gate = new SourceGate();
  readonly #preamble: { metadata?: Uint8Array; video?: Uint8Array; audio?: Uint8Array } = {};
  #pipeline: LadderPipeline | undefined;
  #writer: PackageWriter | undefined;
  #sinks: (PipelineSink & { end?(): void })[] = [];
  #ladder: Ladder | undefined;
  #ended: Promise<void> | undefined;

  constructor(options: BroadcastOptions) {
    this.#options = options;
    this.mediaId = options.mediaId;
  }

  get ladder(): Ladder | undefined {
    return this.#ladder;
  }

  get codecInfo(): IngestCodecInfo {
    return this.#codecs.info;
  }

  onTag(tag: FlvTag): void {
    if (this.#ended) return;
    if (tag.type === FlvTagType.script) this.#preamble.metadata = encodeFlvTag({ ...tag, timestamp: 0 });
    this.#codecs.observe(tag);
    this.#remember(tag);
    if (this.#pipeline) {
      this.#pipeline.write(encodeFlvTag(tag));
      return;
    }
    const released = this.#gate.hold(tag, this.#codecs.info);
    if (!released) return;
    const pipeline = this.#start();
    for (const held of released) pipeline.write(encodeFlvTag(held));
  }

  observeMetadata(info: Parameters<CodecInfoTracker["observeMetadata"]>[0]): void {
    this.#codecs.observeMetadata(info);
  }

  /** Ends the broadcast: flushes the encoder, closes the last segments and finalizes playlists. */
  end(reason: PublishEndReason): Promise<void> {
    this.#ended ??= this.#finish(reason);
    return this.#ended;
  }

  #remember(tag: FlvTag): void {
    try {
      if (tag.type === FlvTagType.video && isSequenceHeader(parseVideoTag(tag.payload))) this.#preamble.video = encodeFlvTag({ ...tag, timestamp: 0 });
      else if (tag.type === FlvTagType.audio && parseAudioTag(tag.payload).aacPacketType === 0) this.#preamble.audio = encodeFlvTag({ ...tag, timestamp: 0 });
    } catch {
      // Unparseable tags are relayed untouched; they just are not kept for restarts.
    }
  }

  #start(): LadderPipeline {
    const { store, stream, mediaId, tools, clock, log } = this.#options;
    const hasAudioSource = this.#gate.hasAudio || this.#codecs.info.audio !== undefined;
    const ladder = ladderForStream(stream, this.#codecs.info, hasAudioSource);
    this.#ladder = ladder;
    const renditions = renditionConfigs(ladder);
    this.#writer = new PackageWriter({
      store,
      mediaId,
      renditions,
      clock,
      targetDuration: ladder.segmentDuration,
      ...(stream.recording ? {} : { windowSize: this.#options.liveWindowSegments ?? 6 }),
    });
    this.#sinks = (this.#options.liveSinks ?? []).map((factory) => factory({ mediaId, ladder, renditions }));
    const hasAudio = ladder.audio !== null;
    const header = encodeFlvHeader({ audio: hasAudio, video: true });
    const pipeline = new LadderPipeline({
      command: buildLiveArgs(ladder, { inputFormat: "flv" }),
      ffmpegPath: tools.ffmpeg,
      sinks: [...this.#sinks, this.#writer],
      segmentDuration: ladder.segmentDuration,
      log: log.child({ mediaId }),
      preamble: () => concat([header, this.#preamble.metadata, this.#preamble.video, this.#preamble.audio]),
      ...(this.#options.onProgress ? { onProgress: this.#options.onProgress } : {}),
    });
    pipeline.done.catch((error: unknown) => log.error({ err: error, mediaId }, "transcoder gave up"));
    pipeline.write(header);
    this.#pipeline = pipeline;
    log.info({ mediaId, renditions: renditions.map((r) => r.name), source: this.#codecs.info.video }, "broadcast transcoding");
    this.#options.onStarted?.(ladder);
    return pipeline;
  }

  async #finish(reason: PublishEndReason): Promise<void> {
    const { log, mediaId } = this.#options;
    if (!this.#pipeline || !this.#writer) return;
    try {
      await this.#pipeline.end();
    } catch (error) {
      log.warn({ err: error, mediaId, reason }, "transcoder did not end cleanly; keeping what was packaged");
    }
    for (const sink of this.#sinks) sink.end?.();
    await this.#writer.finish();
  }
}

function concat(parts: (Uint8Array | undefined)[]): Uint8Array {
  const present = parts.filter((p): p is Uint8Array => p !== undefined);
  const out = new Uint8Array(present.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of present) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
