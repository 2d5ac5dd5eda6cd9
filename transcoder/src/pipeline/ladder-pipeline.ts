/**
 * One stream's transcode: a supervised ffmpeg whose per-rendition fMP4 outputs each feed a CMAF
 * segmenter; every segmenter event fans out to the sinks (storage writer, live origin). A restarted
 * ffmpeg starts a fresh fMP4, so each segmenter marks a discontinuity and carries the timeline on.
 */
import type { Readable } from "node:stream";
import type { Logger } from "#core-node/logger.ts";
import { CmafSegmenter } from "../cmaf/segmenter.ts";
import { OrderedSinks } from "./ordered-sinks.ts";
import type { PipelineSink } from "./pipeline-sink.ts";
import type { FfmpegCommand } from "../ffmpeg/args.ts";
import type { FfmpegProcess } from "../ffmpeg/process.ts";
import type { ProgressUpdate } from "../ffmpeg/progress.ts";
import { FfmpegSupervisor, type FfmpegDeath, type RestartPolicy } from "../ffmpeg/supervisor.ts";

export interface LadderPipelineOptions {
  command: FfmpegCommand;
  ffmpegPath: string;
  sinks: PipelineSink[];
  /** Segment target in seconds; every segment starts on a keyframe. */
  segmentDuration: number;
  log?: Logger;
  restart?: RestartPolicy;
  /** Container header and codec configuration replayed to a restarted ffmpeg. */
  preamble?: () => Uint8Array | undefined;
  onProgress?: (update: ProgressUpdate) => void;
  onDeath?: (death: FfmpegDeath) => void;
}

export class LadderPipeline {
  readonly #options: LadderPipelineOptions;
  readonly #segmenters = new Map<string, CmafSegmenter>();
  readonly #sinks: OrderedSinks;
  #drained: Promise<void>[] = [];
  #sinkError: unknown;
  readonly #supervisor: FfmpegSupervisor;

  constructor(options: LadderPipelineOptions) {
    this.#options = options;
    this.#sinks = new OrderedSinks(options.sinks, options.log);
    for (const output of options.command.outputs) {
      this.#segmenters.set(output.rendition, new CmafSegmenter({ targetDuration: options.segmentDuration }));
    }
    this.#supervisor = new FfmpegSupervisor({
      command: options.command,
      ffmpegPath: options.ffmpegPath,
      ...(options.restart ? { restart: options.restart } : {}),
      ...(options.preamble ? { preamble: options.preamble } : {}),
      onStart: (process, generation) => this.#attach(process, generation),
      onDeath: (death) => {
        options.log?.warn({ generation: death.generation, exitCode: death.exitCode, signal: death.signal, restartInMs: death.restartInMs, stderr: death.lastStderr.slice(-5) }, "ffmpeg died");
        options.onDeath?.(death);
      },
      ...(options.onProgress ? { onProgress: (update: ProgressUpdate) => options.onProgress?.(update) } : {}),
      onLog: (line) => options.log?.debug({ line }, "ffmpeg"),
    });
  }

  /** Feeds source container bytes (whole FLV tags or TS packets). */
  write(chunk: Uint8Array): boolean {
    return this.#supervisor.write(chunk);
  }

  /** Input is over: waits for ffmpeg to flush, closes the last segments and waits for every sink. */
  async end(): Promise<void> {
    await this.#supervisor.end();
    await this.#finish();
  }

  /** For file input: waits for ffmpeg to reach the end of the file by itself, then finishes like `end()`. */
  async complete(): Promise<void> {
    await this.#supervisor.done;
    await this.#finish();
  }

  /** Stops without waiting for a clean encoder exit (publisher gone for good), keeping what was produced. */
  async stop(): Promise<void> {
    await this.#supervisor.stop();
    await this.#finish();
  }

  /** Rejects with a fatal `transcode.failed` error if ffmpeg cannot be kept alive. */
  get done(): Promise<void> {
    return this.#supervisor.done;
  }

  async #finish(): Promise<void> {
    await Promise.all(this.#drained);
    for (const [rendition, segmenter] of this.#segmenters) this.#sinks.dispatch(rendition, segmenter.flush());
    await this.#sinks.drain();
    if (this.#sinkError !== undefined) throw this.#sinkError;
  }

  #attach(process: FfmpegProcess, generation: number): void {
    this.#drained = [];
    for (const [rendition, stream] of process.outputs) {
      const segmenter = this.#segmenters.get(rendition);
      if (!segmenter) continue;
      if (generation > 1) this.#sinks.dispatch(rendition, segmenter.discontinuity());
      this.#drained.push(this.#consume(rendition, segmenter, stream));
    }
  }

  #consume(rendition: string, segmenter: CmafSegmenter, stream: Readable): Promise<void> {
    return new Promise((resolve) => {
      stream.on("data", (chunk: Buffer) => {
        try {
          this.#sinks.dispatch(rendition, segmenter.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
        } catch (error) {
          this.#options.log?.error({ rendition, err: error }, "packaging failed");
          this.#sinkError ??= error;
          stream.destroy();
        }
      });
      stream.once("close", () => resolve());
      stream.once("error", () => resolve());
    });
  }
}
