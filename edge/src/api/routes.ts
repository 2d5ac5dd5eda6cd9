/**
 * The broadcaster API, mounted at `/api/v1`: JSON, `Authorization: Bearer <api key>`, per-key rate
 * limits, scopes per route, every record scoped to the key's tenant.
 * @example app.route("/api/v1", createApiRoutes({ store, clock, ingest, publicUrl }));
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { MAX_WEBVTT_BYTES } from "#core/captions/webvtt.ts";
import { TributaryError } from "#core/errors.ts";
import type { ApiDeps } from "./api-deps.ts";
import { apiErrorResponse } from "./api-error.ts";
import { apiKeyRoutes } from "./api-key-routes.ts";
import { assetRoutes } from "./asset-routes.ts";
import { authenticate, type ApiEnv } from "./auth.ts";
import { openApiDocument } from "./openapi.ts";
import { playbackTokenRoutes } from "./playback-token-routes.ts";
import { defaultRateLimit, TokenBuckets } from "./rate-limit.ts";
import { signingKeyRoutes } from "./signing-key-routes.ts";
import { streamRoutes } from "./stream-routes.ts";
import { invoiceRoutes, operatorUsageRoutes, usageRoutes } from "./usage-routes.ts";
import { uploadRoutes } from "./upload-routes.ts";
import { webhookRoutes } from "./webhook-routes.ts";

/** The largest request body the API reads (64 KiB: a stream create with ten custom rungs is under 2 KiB). */
export const API_MAX_BODY_BYTES = 64 * 1024;

/** A caption upload: a WebVTT file at its cap, JSON-escaped (line breaks double in size). */
export const CAPTIONS_MAX_BODY_BYTES = 2 * MAX_WEBVTT_BYTES + 1024;

export function createApiRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const document = openApiDocument();
  app.get("/openapi.json", (c) => c.json(document));
  // Every API body is a small JSON document (a caption file aside); anything larger is refused while it streams in.
  const limit = (maxSize: number) => bodyLimit({ maxSize, onError: (c) => apiErrorResponse(new TributaryError("request.too_large", `request bodies are limited to ${maxSize} bytes`), c.req.raw) });
  const small = limit(API_MAX_BODY_BYTES);
  const captions = limit(CAPTIONS_MAX_BODY_BYTES);
  app.use("*", (c, next) => (/\/assets\/[^/]+\/captions$/.test(c.req.path) ? captions(c, next) : small(c, next)));
  app.use("*", authenticate(deps.store, deps.rateLimiter ?? new TokenBuckets(deps.rateLimit ?? defaultRateLimit, deps.clock)));
  app.route("/streams", streamRoutes(deps));
  app.route("/playback-tokens", playbackTokenRoutes(deps));
  app.route("/signing-keys", signingKeyRoutes(deps));
  app.route("/api-keys", apiKeyRoutes(deps));
  app.route("/assets", assetRoutes(deps));
  app.route("/uploads", uploadRoutes(deps));
  app.route("/webhooks", webhookRoutes(deps));
  app.route("/usage", usageRoutes(deps));
  app.route("/invoices", invoiceRoutes(deps));
  app.route("/admin", operatorUsageRoutes(deps));
  app.notFound(() => apiErrorResponse(new TributaryError("request.not_found", "no such API route")));
  app.onError((error, c) => apiErrorResponse(error, c.req.raw));
  return app;
}
