/**
 * The relay's HTTP server on `relay.httpPort`: live LL-HLS/LL-DASH from memory (fed by every broadcast),
 * ingest health per stream and Prometheus `/metrics`. The sinks exist before the relay starts; the
 * server listens once the relay (and so its health monitor) is up.
 */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { systemClock } from "#core/clock.ts";
import type { TributaryConfig } from "#core/config/schema.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { Logger } from "#core-node/logger.ts";
import { healthRoutes } from "#relay/health/routes.ts";
import type { LiveSinkFactory } from "#relay/live/broadcast.ts";
import { liveMediaSinks } from "#relay/origin/live-sink.ts";
import { LiveMediaRegistry } from "#relay/origin/registry.ts";
import { createOriginApp, defaultWaitPolicy } from "#relay/origin/server.ts";
import type { Relay } from "#relay/relay.ts";
import { webrtcRoutes } from "#relay/webrtc/routes.ts";

export interface LiveOrigin {
  sinks: LiveSinkFactory;
  /** Starts serving, with the relay's health and metrics mounted beside the live media. */
  listen(relay: Relay): Promise<void>;
  close(): Promise<void>;
}

export function createLiveOrigin(config: TributaryConfig, store: ObjectStore, log: Logger): LiveOrigin {
  const registry = new LiveMediaRegistry();
  let server: ServerType | undefined;
  return {
    sinks: liveMediaSinks({ registry, clock: systemClock, store }),
    async listen(relay) {
      const app = new Hono();
      app.use("/media/*", async (_c, next) => {
        relay.counters.originRequest();
        await next();
      });
      app.route("/", healthRoutes({ reports: relay.health, metrics: relay.metrics }));
      app.route("/", webrtcRoutes(relay.webrtc));
      app.route("/", createOriginApp({ registry, clock: systemClock, waitPolicy: defaultWaitPolicy }));
      server = await new Promise<ServerType>((resolve) => {
        const s: ServerType = serve({ fetch: app.fetch, hostname: config.relay.host, port: config.relay.httpPort }, () => resolve(s));
      });
      log.info({ port: (server.address() as AddressInfo).port }, "relay origin listening");
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        // Parked blocking requests and open segment streams would hold the server open: cut them.
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
