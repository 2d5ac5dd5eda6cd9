/**
 * Playback: `/p/<token>/<mediaId>/<path>`. The token rides in the path so relative URIs in manifests
 * keep it. Order: token → media id match → access rules → object.
 */
import { Hono } from "hono";
import { enforceAccessRules } from "#core/tokens/access.ts";
import { verifyPlaybackToken } from "#core/tokens/verify.ts";
import { mediaObjectKey } from "#core/storage/keys.ts";
import { TributaryError } from "#core/errors.ts";
import { classifyMediaPath } from "#core/usage/usage-record.ts";
import { newId } from "#core/records/ids.ts";
import type { EdgeDeps } from "../deps.ts";
import { serveObject } from "./serve-object.ts";

export function playbackRoutes(deps: EdgeDeps): Hono {
  const app = new Hono();
  app.on(["GET", "HEAD"], "/:token/:mediaId/:path{.+}", async (c) => {
    const { token, mediaId, path } = c.req.param();
    const claims = await verifyPlaybackToken(token, { jwks: await deps.keys.jwks(), mediaId, now: deps.clock.now() });
    enforceAccessRules(claims.rules, deps.viewer(c));
    const key = mediaObjectKey(mediaId, path);
    if (!key) throw new TributaryError("request.invalid", "malformed media path");
    const response = await serveObject(deps.store, key, c.req.raw);
    const { kind, rendition } = classifyMediaPath(path);
    deps.usage?.record({
      id: newId(deps.clock),
      at: new Date(deps.clock.now()).toISOString(),
      source: "edge",
      tenantId: claims.tid,
      mediaId,
      kind,
      rendition,
      bytes: Number(response.headers.get("content-length") ?? 0),
      status: response.status,
      cacheHit: false,
      sessionId: claims.sid,
    });
    return response;
  });
  app.all("*", () => {
    throw new TributaryError("token.missing", "playback URLs have the form /p/<token>/<mediaId>/<path>");
  });
  return app;
}
