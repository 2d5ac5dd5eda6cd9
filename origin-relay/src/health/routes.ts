/**
 * The relay's health HTTP routes, as a Hono sub-app the relay's HTTP server mounts beside the live
 * origin's `/media/...`: `GET /health/<streamId>` (the latest report as JSON) and `GET /metrics`
 * (Prometheus text format).
 *
 * @example
 * app.route("/", healthRoutes({ reports: relay.health, metrics: relay.metrics }));
 */
import { Hono } from "hono";
import type { HealthReport } from "./health-report.ts";
import type { IngestMetrics } from "./metrics.ts";

export interface HealthRoutesOptions {
  /** The latest report of a stream this relay holds, or `undefined`. */
  reports: { report(streamId: string): HealthReport | undefined };
  metrics: IngestMetrics;
}

const STREAM_ID = /^[0-9a-z]{1,64}$/;

export function healthRoutes(options: HealthRoutesOptions): Hono {
  const app = new Hono();
  app.get("/health/:streamId", (c) => {
    const streamId = c.req.param("streamId");
    const report = STREAM_ID.test(streamId) ? options.reports.report(streamId) : undefined;
    if (report === undefined) return c.json({ error: { code: "request.not_found", message: "no live stream with that id on this relay" } }, 404, { "cache-control": "no-store" });
    return c.json(report, 200, { "cache-control": "no-store" });
  });
  app.get("/metrics", async (c) => c.body(await options.metrics.text(), 200, { "content-type": options.metrics.contentType, "cache-control": "no-store" }));
  return app;
}
