/** The edge: one Hono app for Workers and Node, built only from injected ports. */
import { Hono } from "hono";
import { TributaryError } from "#core/errors.ts";
import { CMCD_HEADERS } from "#core/usage/cmcd.ts";
import { anyOriginCors } from "./http/cors.ts";
import { errorResponse } from "./http/error-response.ts";
import type { EdgeDeps } from "./deps.ts";
import { VerifiedTokenCache } from "./cache/token-cache.ts";
import { keyRoutes } from "./keys/key-routes.ts";
import { playbackRoutes } from "./playback/routes.ts";
import { createApiRoutes } from "./api/routes.ts";
import { pageRoutes } from "./pages/routes.ts";
import { whepRoutes } from "./webrtc/whep-routes.ts";

export function createEdgeApp(deps: EdgeDeps): Hono {
  const app = new Hono();
  app.use(
    "/p/*",
    anyOriginCors({ allowMethods: ["GET", "HEAD", "OPTIONS"], allowHeaders: ["Range", "Content-Type", ...CMCD_HEADERS], exposeHeaders: ["Content-Length", "Content-Range", "ETag", "CMSD-Static"], maxAgeSeconds: 86_400 }),
  );
  // Key URLs and ClearKey license requests come from players on any site, like media.
  app.use("/k/*", anyOriginCors({ allowMethods: ["GET", "HEAD", "POST", "OPTIONS"], allowHeaders: ["Content-Type"], exposeHeaders: ["Content-Length"], maxAgeSeconds: 86_400 }));
  // Players on any site read the clock that live MPDs name in UTCTiming (urn:mpeg:dash:utc:http-iso:2014).
  app.use("/time", anyOriginCors({ allowMethods: ["GET", "HEAD", "OPTIONS"], allowHeaders: [], exposeHeaders: [], maxAgeSeconds: 86_400 }));
  app.get("/healthz", (c) => c.json({ ok: true }));
  const tokens = new VerifiedTokenCache(deps.keys, deps.clock, deps.tokenCache, deps.tenantKeys);
  app.route("/p", playbackRoutes(deps, tokens));
  app.route("/k", keyRoutes(deps, tokens));
  // WebRTC playback needs a relay to hand the viewer to; an edge that serves storage only has none.
  if (deps.relay) app.route("/whep", whepRoutes({ ...deps, relay: deps.relay }));
  if (deps.api) app.route("/api/v1", createApiRoutes({ store: deps.store, clock: deps.clock, ...deps.api }));
  app.route("/", pageRoutes({ assets: deps.assets, dashboard: deps.api !== undefined, clock: deps.clock, whipBaseUrl: deps.api?.ingest.whipBaseUrl }));
  app.notFound(() => errorResponse(new TributaryError("request.not_found", "not found")));
  app.onError((error, c) => errorResponse(error, c.req.raw));
  return app;
}
