/**
 * Publishes the relay's figures to CloudWatch once a minute (PutMetricData, namespace and names from
 * the platform layout, no dimensions): the gauge as it is now, counts as the increase since the last
 * publish. A failed publish is logged and its increase carried into the next one, so counts are not
 * lost to a passing CloudWatch error; `close` publishes what is left.
 */
import { PutMetricDataCommand, type CloudWatchClient, type MetricDatum } from "@aws-sdk/client-cloudwatch";
import { RELAY_METRICS } from "#core/platform/layout.ts";
import type { Logger } from "#core-node/logger.ts";
import type { RelayFigures } from "./relay-counters.ts";

export interface CloudWatchPublisherOptions {
  client: Pick<CloudWatchClient, "send">;
  figures: () => RelayFigures;
  log: Logger;
  /** Milliseconds between publishes (default 60 000, CloudWatch's standard resolution). */
  intervalMs?: number;
}

const COUNTS = ["originRequests", "storageWriteErrors", "transcoderRestarts"] as const;

export class CloudWatchPublisher {
  readonly #options: CloudWatchPublisherOptions;
  readonly #timer: ReturnType<typeof setInterval>;
  /** Counts already published. */
  #published: Record<(typeof COUNTS)[number], number> = { originRequests: 0, storageWriteErrors: 0, transcoderRestarts: 0 };
  #running: Promise<void> = Promise.resolve();

  constructor(options: CloudWatchPublisherOptions) {
    this.#options = options;
    this.#timer = setInterval(() => void this.publish(), options.intervalMs ?? 60_000);
    this.#timer.unref();
  }

  /** One PutMetricData with the figures now; publishes never overlap. */
  publish(): Promise<void> {
    this.#running = this.#running.then(() => this.#publish());
    return this.#running;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.publish();
  }

  async #publish(): Promise<void> {
    const figures = this.#options.figures();
    const timestamp = new Date();
    const data: MetricDatum[] = [{ MetricName: RELAY_METRICS.activePublishes, Value: figures.activePublishes, Unit: "Count", Timestamp: timestamp }];
    for (const name of COUNTS) data.push({ MetricName: RELAY_METRICS[name], Value: figures[name] - this.#published[name], Unit: "Count", Timestamp: timestamp });
    try {
      await this.#options.client.send(new PutMetricDataCommand({ Namespace: RELAY_METRICS.namespace, MetricData: data }));
      this.#published = { originRequests: figures.originRequests, storageWriteErrors: figures.storageWriteErrors, transcoderRestarts: figures.transcoderRestarts };
    } catch (error) {
      this.#options.log.warn({ err: error }, "relay metrics not published to CloudWatch");
    }
  }
}
