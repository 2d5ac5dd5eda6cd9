/**
 * Playback: `/p/<token>/<mediaId>/<path>`. The token rides in the path so relative URIs in manifests
 * keep it. Order: URL checks → token → access rules → CMCD → origin (relay or storage via the cache)
 * → manifest rewrite; downloads (`download/…`) only for `downloadable` tokens. Every response to a
 * well-formed URL yields one usage record.
 */
import { Hono } from "hono";
import { TributaryError } from "#core/errors.ts";
import { enforceAccessRules } from "#core/tokens/access.ts";
import type { PlaybackClaims } from "#core/tokens/claims.ts";
import { readCmcd, type Cmcd } from "#core/usage/cmcd.ts";
import { noEdgeCache } from "../cache/edge-cache.ts";
import { VerifiedTokenCache } from "../cache/token-cache.ts";
import type { EdgeDeps } from "../deps.ts";
import { errorResponse } from "../http/error-response.ts";
import { parsePlaybackTarget } from "../http/request-target.ts";
import { defaultOriginPolicy } from "../live/origin-policy.ts";
import { PlaylistFacts } from "../usage/playlist-facts.ts";
import { tokenSessionId } from "../usage/token-session.ts";
import { readClientSignals } from "./client-signals.ts";
import { isDownloadPath, serveDownload } from "./serve-download.ts";
import { FRAME_PATH, serveFrame } from "./serve-frame.ts";
import { serveMedia, type Served } from "./serve-media.ts";
import { defaultCachePolicy } from "./storage-loader.ts";
import { usageRecord } from "./usage.ts";

/** `tokens` may be shared with key delivery, so a viewer's token is verified once for both. */
export function playbackRoutes(deps: EdgeDeps, tokens = new VerifiedTokenCache(deps.keys, deps.clock, deps.tokenCache, deps.tenantKeys)): Hono {
  const app = new Hono();
  const shared = {
    media: deps.media ?? deps.store,
    cache: deps.cache ?? noEdgeCache,
    relay: deps.relay,
    signer: deps.signer,
    clock: deps.clock,
    originPolicy: deps.originPolicy ?? defaultOriginPolicy,
    cachePolicy: deps.cachePolicy ?? defaultCachePolicy,
    facts: deps.usage === undefined ? undefined : new PlaylistFacts(),
  };
  app.on(["GET", "HEAD"], "/*", async (c) => {
    const url = new URL(c.req.url);
    const target = parsePlaybackTarget(url);
    const viewer = deps.viewer(c);
    let claims: PlaybackClaims | undefined;
    let cmcd: Cmcd | undefined;
    let served: Served | undefined;
    let response: Response;
    try {
      claims = await tokens.verify(target.token, target.mediaId);
      enforceAccessRules(claims.rules, viewer);
      cmcd = readCmcd(url.searchParams.get("CMCD"), (name) => c.req.header(name));
      const signals = readClientSignals(c.req.raw.headers, cmcd);
      const request = c.req.raw;
      if (isDownloadPath(target.path)) served = await serveDownload({ media: shared.media, originPolicy: shared.originPolicy, target, claims, request });
      else if (target.path === FRAME_PATH) served = await serveFrame({ ...shared, renderer: deps.frames, frames: deps.frames === undefined ? undefined : deps.store, target, request, sessionId: claims.sid });
      else served = await serveMedia({ ...shared, target, claims, request, cmcd, signals });
      response = served.response;
    } catch (error) {
      // A 5xx (storage down, a record that does not parse) is logged; a 4xx is the viewer's own.
      response = errorResponse(error, c.req.raw);
    }
    if (deps.usage !== undefined) {
      const sessionId = served?.sessionId ?? claims?.sid ?? cmcd?.sid ?? (claims === undefined ? undefined : await tokenSessionId(target.token));
      deps.usage.record(
        usageRecord(
          {
            mediaId: served?.mediaId ?? target.mediaId,
            streamId: served?.streamId,
            path: target.path,
            tenantId: claims?.tid,
            status: response.status,
            bytes: served?.bytes ?? 0,
            mediaSeconds: served?.media.mediaSeconds,
            tier: served?.media.tier,
            cacheHit: served?.cacheHit ?? false,
            country: viewer.country,
            sessionId,
            cmcd,
          },
          deps.clock,
        ),
      );
    }
    return response;
  });
  app.all("*", () => {
    throw new TributaryError("request.invalid", "playback answers GET and HEAD only", { details: { reason: "method" } });
  });
  return app;
}
