/**
 * WHEP playback at the edge (draft-ietf-wish-whep): `POST /whep/<token>/<playbackId>` with an SDP
 * offer. The token is verified with the same rules as media (signature, audience, expiry, the media it
 * names, access rules); then the offer goes to the relay that holds the stream, named by its live
 * pointer, and its answer comes back with a Location on the edge. PATCH (trickle ICE) and DELETE on
 * that Location are verified and forwarded the same way. Media then flows between viewer and relay.
 */
import { Hono, type Context } from "hono";
import { TributaryError } from "#core/errors.ts";
import { enforceAccessRules } from "#core/tokens/access.ts";
import { VerifiedTokenCache } from "../cache/token-cache.ts";
import type { EdgeDeps } from "../deps.ts";
import { anyOriginCors } from "../http/cors.ts";
import { errorResponse } from "../http/error-response.ts";
import { checkRequestTarget } from "../http/request-target.ts";
import type { RelayOrigin } from "../live/relay-origin.ts";

/** Largest offer or trickle fragment forwarded; an offer is a few kilobytes. */
const MAX_SIGNALLING_BYTES = 64 * 1024;
const RESOURCE_ID = /^[0-9a-f-]{36}$/;
/** How long the relay may take to answer (it gathers its candidates first). */
const RELAY_TIMEOUT_MS = 10_000;

async function signallingBody(c: Context): Promise<string | undefined> {
  if (c.req.method === "DELETE") return undefined;
  if (Number(c.req.header("content-length") ?? "0") > MAX_SIGNALLING_BYTES) throw new TributaryError("request.too_large", "signalling body too large");
  const body = await c.req.text();
  if (body.length > MAX_SIGNALLING_BYTES) throw new TributaryError("request.too_large", "signalling body too large");
  return body;
}

export function whepRoutes(deps: EdgeDeps & { relay: RelayOrigin }): Hono {
  const app = new Hono();
  const tokens = new VerifiedTokenCache(deps.keys, deps.clock, deps.tokenCache, deps.tenantKeys);
  app.use("/*", anyOriginCors({ allowMethods: ["POST", "PATCH", "DELETE", "OPTIONS"], allowHeaders: ["Content-Type", "If-Match"], exposeHeaders: ["Location", "ETag"], maxAgeSeconds: 86_400 }));

  /** Verifies the viewer, finds the stream's relay and forwards the request to `<relay>/whep/<mediaId>[/<resource>]`. */
  async function forward(c: Context, resource: string | undefined): Promise<Response> {
    const url = new URL(c.req.url);
    checkRequestTarget(url.pathname + url.search);
    const token = c.req.param("token") ?? "";
    const playbackId = c.req.param("playbackId") ?? "";
    const claims = await tokens.verify(token, playbackId);
    enforceAccessRules(claims.rules, deps.viewer(c));
    if (resource !== undefined && !RESOURCE_ID.test(resource)) throw new TributaryError("request.not_found", "no such session");
    const { mediaId, live } = await deps.relay.resolve(playbackId);
    if (live === undefined) throw new TributaryError("request.not_found", "the stream is not live");
    const body = await signallingBody(c);
    const headers: Record<string, string> = {};
    for (const name of ["content-type", "if-match"]) {
      const value = c.req.header(name);
      if (value !== undefined) headers[name] = value;
    }
    const target = `${live.originUrl}/whep/${mediaId}${resource === undefined ? "" : `/${resource}`}`;
    let answer: Response;
    try {
      answer = await fetch(target, { method: c.req.method, headers, ...(body === undefined ? {} : { body }), signal: AbortSignal.timeout(RELAY_TIMEOUT_MS) });
    } catch (error) {
      throw new TributaryError("origin.failed", "the relay did not answer", { cause: error });
    }
    if (answer.status >= 500) throw new TributaryError("origin.failed", "the relay failed");
    const out = new Headers({ "cache-control": "no-store" });
    for (const name of ["content-type", "etag"]) {
      const value = answer.headers.get(name);
      if (value !== null) out.set(name, value);
    }
    const location = answer.headers.get("location");
    const created = location?.split("/").pop();
    if (answer.status === 201 && created !== undefined) out.set("location", `/whep/${token}/${playbackId}/${created}`);
    const empty = answer.status === 204 || c.req.method === "DELETE";
    return new Response(empty ? null : await answer.arrayBuffer(), { status: answer.status, headers: out });
  }

  app.post("/:token/:playbackId", (c) => forward(c, undefined));
  app.on(["PATCH", "DELETE"], "/:token/:playbackId/:resource", (c) => forward(c, c.req.param("resource")));
  app.post("/:playbackId", () => {
    throw new TributaryError("token.missing", "WHEP URLs have the form /whep/<token>/<playbackId>");
  });
  app.all("*", () => {
    throw new TributaryError("request.invalid", "WHEP answers POST, PATCH and DELETE", { details: { reason: "method" } });
  });
  app.onError((error, c) => errorResponse(error, c.req.raw));
  return app;
}
