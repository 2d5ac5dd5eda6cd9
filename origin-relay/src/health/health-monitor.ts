/**
 * Ingest health for every stream a relay holds: each broadcast gets an `IngestMeter`; every
 * `intervalMs` the monitor builds each stream's report, writes `live/<streamId>/health.json`, updates
 * the Prometheus gauges and logs it as one structured line. `tick()` does one round, so tests drive it.
 */
import type { Clock } from "#core/clock.ts";
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { Logger } from "#core-node/logger.ts";
import type { IngestCodecInfo } from "../flv/codec-info.ts";
import { healthReport, type HealthReport, type HealthThresholds, type StorageBacklogSample } from "./health-report.ts";
import { IngestMeter, type MeterPolicy } from "./ingest-meter.ts";
import type { IngestMetrics } from "./metrics.ts";

export interface HealthMonitorOptions {
  store: ObjectStore;
  clock: Clock;
  log: Logger;
  metrics: IngestMetrics;
  intervalMs?: number;
  meterPolicy?: MeterPolicy;
  thresholds?: HealthThresholds;
}

export interface StreamHealth {
  readonly meter: IngestMeter;
  /** The source's codecs as the current session sees them. */
  codecs: () => IngestCodecInfo;
  state: "live" | "reconnecting";
  /** The broadcast's deepest storage backlog since the previous report, and its cap. */
  storageBacklog?: () => StorageBacklogSample;
  /** Viewers the stream's real-time feed serves over WebRTC. */
  webrtcViewers?: () => number;
}

export class HealthMonitor {
  readonly #options: HealthMonitorOptions;
  readonly #streams = new Map<string, StreamHealth>();
  readonly #reports = new Map<string, HealthReport>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #tick: Promise<void> | undefined;

  constructor(options: HealthMonitorOptions) {
    this.#options = options;
  }

  /** Starts the periodic reports (unref'd: they never keep the process alive). */
  start(): void {
    this.#timer ??= setInterval(() => void this.tick(), this.#options.intervalMs ?? 5_000);
    this.#timer.unref();
  }

  /** The stream's health, created on first use. */
  track(streamId: string): StreamHealth {
    let health = this.#streams.get(streamId);
    if (health === undefined) {
      health = { meter: new IngestMeter(this.#options.clock, this.#options.meterPolicy), codecs: () => ({}), state: "live" };
      this.#streams.set(streamId, health);
    }
    return health;
  }

  /** The broadcast is over: its report and its metric series go. */
  untrack(streamId: string): void {
    this.#streams.delete(streamId);
    this.#reports.delete(streamId);
    this.#options.metrics.remove(streamId);
  }

  report(streamId: string): HealthReport | undefined {
    return this.#reports.get(streamId);
  }

  /** One round: measure, store, export and log every stream's health. */
  tick(): Promise<void> {
    this.#tick ??= this.#round().finally(() => (this.#tick = undefined));
    return this.#tick;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#tick;
  }

  async #round(): Promise<void> {
    const { store, clock, log, metrics } = this.#options;
    for (const [streamId, health] of this.#streams) {
      const report = healthReport({
        streamId,
        measuredAt: new Date(clock.now()),
        state: health.state,
        measurement: health.meter.measure(),
        codecs: health.codecs(),
        ...(health.storageBacklog ? { storage: health.storageBacklog() } : {}),
        ...(health.webrtcViewers ? { webrtcViewers: health.webrtcViewers() } : {}),
        ...(this.#options.thresholds ? { thresholds: this.#options.thresholds } : {}),
      });
      this.#reports.set(streamId, report);
      metrics.update(report);
      log.info({ health: report }, "ingest health");
      try {
        await store.put(keys.ingestHealth(streamId), JSON.stringify(report), { contentType: "application/json", cacheControl: "no-store" });
      } catch (error) {
        log.warn({ err: error, streamId }, "ingest health not stored");
      }
    }
  }
}
