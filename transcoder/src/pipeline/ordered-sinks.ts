/**
 * Hands segmenter events to pipeline sinks in pipeline order: immediate (memory)
 * sinks at once, the others per rendition in order, each event awaited before the next, without
 * blocking the producer. The first sink failure is kept for `drain()` to rethrow.
 */
import type { Logger } from "#core-node/logger.ts";
import type { SegmenterEvent } from "../cmaf/types.ts";
import type { PipelineSink } from "./ladder-pipeline.ts";

export class OrderedSinks {
  readonly #sinks: readonly PipelineSink[];
  readonly #log: Logger | undefined;
  readonly #chains = new Map<string, Promise<void>>();
  #error: unknown;

  constructor(sinks: readonly PipelineSink[], log?: Logger) {
    this.#sinks = sinks;
    this.#log = log;
  }

  dispatch(rendition: string, events: SegmenterEvent[]): void {
    if (events.length === 0) return;
    for (const sink of this.#sinks) {
      if (!sink.immediate) continue;
      for (const event of events) void sink.handle(rendition, event);
    }
    const previous = this.#chains.get(rendition) ?? Promise.resolve();
    const next = previous.then(async () => {
      for (const event of events) {
        for (const sink of this.#sinks) if (!sink.immediate) await sink.handle(rendition, event);
      }
    });
    this.#chains.set(
      rendition,
      next.catch((error: unknown) => {
        this.#log?.error({ rendition, err: error }, "sink failed");
        this.#error ??= error;
      }),
    );
  }

  /** Waits for every queued event; rejects with the first sink failure. */
  async drain(): Promise<void> {
    await Promise.all(this.#chains.values());
    if (this.#error !== undefined) throw this.#error;
  }
}
