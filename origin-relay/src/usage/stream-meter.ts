/**
 * Meters one broadcast on the relay (docs/usage.md "Relay records"): per interval of `intervalMs`
 * (aligned to the clock and dividing an hour, so no interval straddles one), an `ingest` record with
 * the seconds a publisher was connected and the media seconds it sent, a `transcode` record per
 * encoded rendition, and a `record` record per rendition when the stream is recorded. Media seconds
 * are those of the segments the relay packaged and stored, so a transcoder that drops media bills none
 * of it. Pure and clock-driven: `tick` closes the intervals that have ended, `checkpoint` writes out
 * the current interval so far (its records add up with the rest of the interval's), and `end` closes
 * the last one. Checkpoints at each batch window keep what a crash can lose to one window.
 */
import type { Clock } from "#core/clock.ts";
import type { ResolutionTier, UsageKind, UsageRecord, UsageSink } from "#core/usage/usage-record.ts";

/** A rendition as metering sees it: encoded renditions bill transcode time, the passthrough one does not. */
export interface MeteredRendition {
  name: string;
  encoded: boolean;
  tier?: ResolutionTier;
}

export interface StreamMeterOptions {
  clock: Clock;
  sink: UsageSink;
  newId: () => string;
  intervalMs: number;
  stream: { id: string; tenantId: string; recording: boolean };
  mediaId: string;
  /** Told once `end` has emitted the last interval. */
  onEnded?: (meter: StreamMeter) => void;
}

interface Tally {
  mediaSeconds: number;
  bytes: number;
}

export class StreamMeter {
  readonly #options: StreamMeterOptions;
  #renditions: MeteredRendition[] = [];
  /** The rendition whose packaged media measures what the publisher sent: the first video one, else audio. */
  #reference: string | undefined;
  #windowStart: number;
  /** While a publisher is connected: the instant from which its connected time is not counted yet. */
  #connectedFrom: number | undefined;
  #connectedMs = 0;
  #tallies = new Map<string, Tally>();
  #ended = false;

  constructor(options: StreamMeterOptions) {
    if (!Number.isInteger(options.intervalMs) || options.intervalMs <= 0 || 3_600_000 % options.intervalMs !== 0) {
      throw new TypeError("the metering interval must divide an hour");
    }
    this.#options = options;
    this.#windowStart = this.#windowOf(options.clock.now());
  }

  /** The ladder is known (first publish); the first rendition listed measures ingest (see `meteredRenditions`). */
  ladder(renditions: readonly MeteredRendition[]): void {
    this.#renditions = [...renditions];
    this.#reference = renditions[0]?.name;
  }

  connected(): void {
    this.tick();
    this.#connectedFrom ??= this.#options.clock.now();
  }

  disconnected(): void {
    this.tick();
    this.#countConnected(this.#options.clock.now());
    this.#connectedFrom = undefined;
  }

  /** A packaged segment of `rendition` was stored. */
  segment(rendition: string, mediaSeconds: number, bytes: number): void {
    this.tick();
    const tally = this.#tallies.get(rendition) ?? { mediaSeconds: 0, bytes: 0 };
    tally.mediaSeconds += mediaSeconds;
    tally.bytes += bytes;
    this.#tallies.set(rendition, tally);
  }

  /** Emits the records of every interval that has ended by now. */
  tick(): void {
    const now = this.#options.clock.now();
    while (!this.#ended && now >= this.#windowStart + this.#options.intervalMs) this.#close(this.#windowStart + this.#options.intervalMs);
  }

  /** Emits what the current interval holds so far; the interval goes on. */
  checkpoint(): void {
    this.tick();
    if (!this.#ended) this.#emitWindow(this.#options.clock.now());
  }

  /** The broadcast is over: the publisher is gone and the current interval is emitted as it stands. */
  end(): void {
    if (this.#ended) return;
    this.disconnected();
    this.#emitWindow(this.#options.clock.now());
    this.#ended = true;
    this.#options.onEnded?.(this);
  }

  #close(until: number): void {
    this.#emitWindow(until);
    this.#windowStart = this.#windowOf(until);
  }

  #countConnected(until: number): void {
    if (this.#connectedFrom === undefined) return;
    this.#connectedMs += until - this.#connectedFrom;
    this.#connectedFrom = until;
  }

  /** Emits the current window's tallies up to `until`, and starts them afresh. */
  #emitWindow(until: number): void {
    const at = new Date(this.#windowStart).toISOString();
    this.#countConnected(until);
    const ingested = this.#reference === undefined ? undefined : this.#tallies.get(this.#reference);
    if (this.#connectedMs > 0 || ingested !== undefined) {
      this.#emit(at, "ingest", undefined, { mediaSeconds: ingested?.mediaSeconds ?? 0, bytes: 0 }, this.#connectedMs / 1000);
    }
    for (const rendition of this.#renditions) {
      const tally = this.#tallies.get(rendition.name);
      if (tally === undefined) continue;
      if (rendition.encoded) this.#emit(at, "transcode", rendition, tally);
      if (this.#options.stream.recording) this.#emit(at, "record", rendition, tally);
    }
    this.#tallies = new Map();
    this.#connectedMs = 0;
  }

  #emit(at: string, kind: UsageKind, rendition: MeteredRendition | undefined, tally: Tally, connectedSeconds?: number): void {
    const { stream, mediaId } = this.#options;
    const record: UsageRecord = {
      id: this.#options.newId(),
      at,
      source: "relay",
      tenantId: stream.tenantId,
      mediaId,
      streamId: stream.id,
      kind,
      bytes: tally.bytes,
      mediaSeconds: round6(tally.mediaSeconds),
    };
    if (rendition !== undefined) record.rendition = rendition.name;
    if (rendition?.tier !== undefined) record.tier = rendition.tier;
    if (connectedSeconds !== undefined) record.connectedSeconds = round6(connectedSeconds);
    this.#options.sink.record(record);
  }

  #windowOf(ms: number): number {
    return ms - (ms % this.#options.intervalMs);
  }
}

function round6(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}
