/**
 * Hands segmenter events to pipeline sinks in pipeline order: immediate (memory)
 * sinks at once, the others per rendition in order, each event awaited before the next, without
 * blocking the producer. The first sink failure is kept for `drain()` to rethrow.
 *
 * The bytes queued for the ordered sinks (storage) are counted: past `highWaterBytes` the owner is
 * told it is behind (so it can stop reading its source), and told again once the queue is below half.
 */
import type { Logger } from "#core-node/logger.ts";
import type { SegmenterEvent } from "../cmaf/types.ts";
import type { PipelineSink } from "./pipeline-sink.ts";

export interface BacklogPolicy {
  /** Queued bytes past which the producer is behind. */
  highWaterBytes: number;
  /** `behind` true when the queue passes the high water, false once it is back under half of it. */
  onPressure(behind: boolean, backlogBytes: number): void;
}

/** Bytes an event holds in memory while it waits. */
function eventBytes(event: SegmenterEvent): number {
  if (event.type === "part") return event.part.bytes.byteLength;
  if (event.type === "segment") return event.segment.bytes.byteLength;
  return event.init.bytes.byteLength;
}

export class OrderedSinks {
  readonly #sinks: readonly PipelineSink[];
  readonly #log: Logger | undefined;
  readonly #backlog: BacklogPolicy | undefined;
  readonly #chains = new Map<string, Promise<void>>();
  #error: unknown;
  #queuedBytes = 0;
  #peakBytes = 0;
  #recentPeakBytes = 0;
  #behind = false;

  constructor(sinks: readonly PipelineSink[], log?: Logger, backlog?: BacklogPolicy) {
    this.#sinks = sinks;
    this.#log = log;
    this.#backlog = backlog;
  }

  /** Bytes handed over but not yet through every ordered sink. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** The most bytes that were queued at once, ever. */
  get peakBytes(): number {
    return this.#peakBytes;
  }

  /** The most bytes queued at once since the previous call; the next interval starts from what is queued now. */
  takeRecentPeak(): number {
    const peak = this.#recentPeakBytes;
    this.#recentPeakBytes = this.#queuedBytes;
    return peak;
  }

  dispatch(rendition: string, events: SegmenterEvent[]): void {
    if (events.length === 0) return;
    for (const sink of this.#sinks) {
      if (!sink.immediate) continue;
      for (const event of events) void sink.handle(rendition, event);
    }
    const sizes = events.map(eventBytes);
    this.#account(sizes.reduce((n, size) => n + size, 0));
    const previous = this.#chains.get(rendition) ?? Promise.resolve();
    const next = previous.then(async () => {
      let handled = 0;
      try {
        for (const event of events) {
          for (const sink of this.#sinks) if (!sink.immediate) await sink.handle(rendition, event);
          this.#account(-(sizes[handled++] ?? 0));
        }
      } finally {
        // A failed sink ends this batch: what it will never handle is no longer queued either.
        while (handled < sizes.length) this.#account(-(sizes[handled++] ?? 0));
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

  #account(delta: number): void {
    this.#queuedBytes += delta;
    this.#peakBytes = Math.max(this.#peakBytes, this.#queuedBytes);
    this.#recentPeakBytes = Math.max(this.#recentPeakBytes, this.#queuedBytes);
    const policy = this.#backlog;
    if (policy === undefined) return;
    if (!this.#behind && this.#queuedBytes > policy.highWaterBytes) {
      this.#behind = true;
      policy.onPressure(true, this.#queuedBytes);
    } else if (this.#behind && this.#queuedBytes < policy.highWaterBytes / 2) {
      this.#behind = false;
      policy.onPressure(false, this.#queuedBytes);
    }
  }

  /** Waits for every queued event; rejects with the first sink failure. */
  async drain(): Promise<void> {
    await Promise.all(this.#chains.values());
    if (this.#error !== undefined) throw this.#error;
  }
}
