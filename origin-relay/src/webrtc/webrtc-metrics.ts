/**
 * The relay's WebRTC figures on `/metrics`: WHIP publishers and WHEP viewers connected now, and the
 * media seconds delivered to viewers who have left (per-stream viewers are in the ingest gauges).
 */
import { Counter, Gauge, type Registry } from "prom-client";

export class WebrtcMetrics {
  readonly #delivered: Counter;

  constructor(registry: Registry, now: { publishers: () => number; viewers: () => number }) {
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read());
        },
      });
    gauge("tributary_whip_publishers", "WebRTC (WHIP) publishers connected", now.publishers);
    gauge("tributary_whep_viewers", "WebRTC (WHEP) viewers connected", now.viewers);
    this.#delivered = new Counter({ name: "tributary_whep_delivered_seconds_total", help: "Media seconds sent to WHEP viewers who have left", registers: [registry] });
  }

  viewerLeft(deliveredSeconds: number): void {
    if (deliveredSeconds > 0) this.#delivered.inc(deliveredSeconds);
  }
}
