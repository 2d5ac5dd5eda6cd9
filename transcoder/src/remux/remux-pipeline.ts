/**
 * A passthrough-only stream's packaging without ffmpeg: the source's demuxed samples are remuxed to
 * CMAF in process (video as sent, AAC audio copied) and each track's chunks go straight to a CMAF
 * segmenter, with their timing, so nothing is parsed twice. The segmenters' events fan out to the
 * sinks, exactly where `LadderPipeline` puts ffmpeg's output.
 *
 * @example
 * const pipeline = new RemuxPipeline({ renditions: { video: "source", audio: "audio" }, sinks, segmentDuration: 2, partDuration: 0.333 });
 * for (const input of demuxed) pipeline.push(input);
 * await pipeline.end();
 */
import { TributaryError } from "#core/errors.ts";
import type { Logger } from "#core-node/logger.ts";
import { CmafSegmenter } from "../cmaf/segmenter.ts";
import type { PipelineSink } from "../pipeline/pipeline-sink.ts";
import { CmafRemuxer } from "./cmaf-remuxer.ts";
import type { RemuxOutput, RemuxTrackKind } from "./cmaf-remuxer.ts";
import { OrderedSinks } from "../pipeline/ordered-sinks.ts";
import type { RemuxInput } from "./remux-input.ts";
import type { TimelinePolicy } from "./sample-timeline.ts";

export interface RemuxPipelineOptions {
  /** Rendition names: the video track's, and the audio track's when audio is copied. */
  renditions: { video: string; audio?: string | undefined };
  sinks: PipelineSink[];
  /** Segment target in seconds; every segment starts on a keyframe. */
  segmentDuration: number;
  /** Chunk (part) duration in seconds. */
  partDuration: number;
  /** No chunk longer than this, in seconds (the LL-HLS PART-TARGET). */
  maxPartDuration?: number | undefined;
  log?: Logger;
  timeline?: TimelinePolicy;
}

export class RemuxPipeline {
  readonly #options: RemuxPipelineOptions;
  readonly #remuxer: CmafRemuxer;
  readonly #segmenters = new Map<RemuxTrackKind, { rendition: string; segmenter: CmafSegmenter }>();
  readonly #sinks: OrderedSinks;
  readonly #done: Promise<void>;
  #settle!: { resolve: () => void; reject: (error: unknown) => void };
  #failure: unknown;
  #finished: Promise<void> | undefined;

  constructor(options: RemuxPipelineOptions) {
    this.#options = options;
    this.#remuxer = new CmafRemuxer({
      partDuration: options.partDuration,
      maxPartDuration: options.maxPartDuration,
      audio: options.renditions.audio !== undefined,
      ...(options.timeline ? { timeline: options.timeline } : {}),
    });
    this.#sinks = new OrderedSinks(options.sinks, options.log);
    const segmenter = () => new CmafSegmenter({ targetDuration: options.segmentDuration });
    this.#segmenters.set("video", { rendition: options.renditions.video, segmenter: segmenter() });
    if (options.renditions.audio !== undefined) this.#segmenters.set("audio", { rendition: options.renditions.audio, segmenter: segmenter() });
    this.#done = new Promise<void>((resolve, reject) => (this.#settle = { resolve, reject }));
    // `done` is observed by whoever cares; an unobserved failure is still logged, not an unhandled rejection.
    this.#done.catch(() => undefined);
  }

  /** Feeds one demuxed input. Never throws: a fatal input problem rejects `done` and stops the pipeline. */
  push(input: RemuxInput): void {
    if (this.#failure !== undefined || this.#finished !== undefined) return;
    try {
      this.#route(this.#remuxer.push(input));
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Input is over: closes the last chunks and segments and waits for every sink. */
  end(): Promise<void> {
    this.#finished ??= this.#finish();
    return this.#finished;
  }

  /** Nothing to kill in process: the same as `end()`. */
  stop(): Promise<void> {
    return this.end();
  }

  /** Resolves once ended; rejects with a fatal error when the input cannot be remuxed. */
  get done(): Promise<void> {
    return this.#done;
  }

  /** Inputs skipped and timestamps corrected, for logs and tests. */
  get stats(): { skipped: number; corrections: number } {
    return { skipped: this.#remuxer.skipped, corrections: this.#remuxer.corrections };
  }

  async #finish(): Promise<void> {
    if (this.#failure === undefined) {
      try {
        this.#route(this.#remuxer.flush());
      } catch (error) {
        this.#fail(error);
      }
    }
    for (const { rendition, segmenter } of this.#segmenters.values()) this.#sinks.dispatch(rendition, segmenter.flush());
    try {
      await this.#sinks.drain();
    } catch (error) {
      this.#fail(error);
    }
    if (this.#failure === undefined) this.#settle.resolve();
    if (this.#failure !== undefined) throw this.#failure;
  }

  #route(outputs: RemuxOutput[]): void {
    for (const { track, bytes, chunk } of outputs) {
      const target = this.#segmenters.get(track);
      if (target !== undefined) this.#sinks.dispatch(target.rendition, chunk !== undefined ? target.segmenter.pushChunk(chunk) : target.segmenter.push(bytes));
    }
  }

  #fail(error: unknown): void {
    if (this.#failure !== undefined) return;
    this.#failure = error instanceof TributaryError ? error : new TributaryError("transcode.failed", `remux failed: ${String(error)}`, { fatal: true, cause: error });
    this.#options.log?.error({ err: error, stats: this.stats }, "remux failed");
    this.#settle.reject(this.#failure);
  }
}
