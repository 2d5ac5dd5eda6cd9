/**
 * The relay's own operating figures: publishers connected, live-origin requests, failed storage writes
 * and ffmpeg restarts. They are Prometheus series on `/metrics` and, on AWS, the CloudWatch metrics
 * the alarms watch (`cloudwatch-publisher.ts`, names from core/src/platform/layout.ts).
 */
import { Counter, Gauge, type Registry } from "prom-client";

export interface RelayFigures {
  activePublishes: number;
  originRequests: number;
  storageWriteErrors: number;
  transcoderRestarts: number;
}

type Count = "originRequests" | "storageWriteErrors" | "transcoderRestarts";

export class RelayCounters {
  readonly #figures: Record<Count, number> = { originRequests: 0, storageWriteErrors: 0, transcoderRestarts: 0 };
  readonly #activePublishes: () => number;
  readonly #series: Record<Count, Counter>;

  /** `activePublishes` is read when asked for: the relay's own count of connected publishers. */
  constructor(registry: Registry, activePublishes: () => number) {
    this.#activePublishes = activePublishes;
    const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
    this.#series = {
      originRequests: counter("tributary_origin_requests_total", "Requests the live origin answered"),
      storageWriteErrors: counter("tributary_storage_write_errors_total", "Storage writes (puts and deletes) that failed"),
      transcoderRestarts: counter("tributary_transcoder_restarts_total", "ffmpeg processes restarted after they died"),
    };
    new Gauge({
      name: "tributary_active_publishes",
      help: "Broadcasts with a connected publisher",
      registers: [registry],
      collect() {
        this.set(activePublishes());
      },
    });
  }

  originRequest(): void {
    this.#count("originRequests");
  }

  storageWriteError(): void {
    this.#count("storageWriteErrors");
  }

  transcoderRestart(): void {
    this.#count("transcoderRestarts");
  }

  /** Counts since start (they only grow) and the publishers connected now. */
  figures(): RelayFigures {
    return { ...this.#figures, activePublishes: this.#activePublishes() };
  }

  #count(name: Count): void {
    this.#figures[name]++;
    this.#series[name].inc();
  }
}
