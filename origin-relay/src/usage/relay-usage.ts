/**
 * The relay's metering: one StreamMeter per broadcast, all ticked by one timer so an interval's records
 * go to the sink soon after it ends, even while nothing else happens. Once per batch window every
 * meter writes out its current interval so far and the sink is flushed, so a relay that crashes loses
 * at most one batch window of metering, like every other writer. The sink (batched NDJSON objects
 * under `usage/relay/`) is the caller's; the relay flushes it when it closes.
 */
import type { Clock } from "#core/clock.ts";
import type { Ladder } from "#core/ladder/types.ts";
import { resolutionTier, type UsageSink } from "#core/usage/usage-record.ts";
import { StreamMeter, type MeteredRendition, type StreamMeterOptions } from "./stream-meter.ts";

export interface RelayUsageOptions {
  sink: UsageSink;
  /** Length of an ingest/transcode/record interval; divides an hour. */
  intervalMs: number;
  /** The sink's batch window: how often the current intervals are written out so far. */
  checkpointMs: number;
}

/** The renditions of a ladder as metering sees them, the source's own video first, then encoded video, then audio; a rendition's tier goes by its picture's short side. */
export function meteredRenditions(ladder: Ladder): MeteredRendition[] {
  const video: MeteredRendition[] = ladder.video.map((rung) => ({ name: rung.name, encoded: true, tier: resolutionTier(Math.min(rung.width, rung.height)) }));
  const passthrough: MeteredRendition[] = ladder.passthrough === null ? [] : [{ name: ladder.passthrough.name, encoded: false, tier: resolutionTier(Math.min(ladder.passthrough.width, ladder.passthrough.height)) }];
  const audio: MeteredRendition[] = ladder.audio === null ? [] : [{ name: ladder.audio.name, encoded: true }];
  return [...passthrough, ...video, ...audio];
}

export class RelayUsage {
  readonly #options: RelayUsageOptions & { clock: Clock; newId: () => string };
  readonly #meters = new Set<StreamMeter>();
  readonly #timer: ReturnType<typeof setInterval>;
  #checkpointAt: number;

  constructor(options: RelayUsageOptions & { clock: Clock; newId: () => string }) {
    this.#options = options;
    this.#checkpointAt = options.clock.now() + options.checkpointMs;
    this.#timer = setInterval(() => this.tick(), Math.min(options.intervalMs, options.checkpointMs, 10_000));
    this.#timer.unref();
  }

  /** A meter for a new broadcast; it stops being ticked once it has ended. */
  meter(stream: StreamMeterOptions["stream"], mediaId: string): StreamMeter {
    const meter = new StreamMeter({ ...this.#options, stream, mediaId, onEnded: (ended) => this.#meters.delete(ended) });
    this.#meters.add(meter);
    return meter;
  }

  /** Closes ended intervals; once a batch window has passed, writes out the current ones and flushes the sink. */
  tick(): void {
    const now = this.#options.clock.now();
    if (now < this.#checkpointAt) {
      for (const meter of this.#meters) meter.tick();
      return;
    }
    this.#checkpointAt = now + this.#options.checkpointMs;
    for (const meter of this.#meters) meter.checkpoint();
    void this.#options.sink.flush();
  }

  /** Stops the timer and writes what the sink holds (broadcasts are ended first, which emits their last intervals). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#options.sink.flush();
  }
}
