/**
 * Key delivery: `/k/<token>/<playbackId>/<kid>`. The token is checked exactly as for media (signature,
 * `sub`, `exp`/`nbf`, tenant keys, access rules), then the key is looked up under the media the
 * playback id names (a media id, or a stream id for its current broadcast):
 *
 * - `GET`: the raw 16-byte AES key (HLS `EXT-X-KEY:METHOD=AES-128` key URIs).
 * - `GET` with `Accept: application/json` or `?format=jwk`: a W3C ClearKey license for that kid.
 * - `POST` with a ClearKey license request (`{"kids": [...]}`): a license for the kids it names, all of
 *   this media. The last path segment may then be `license` instead of a kid, for EME players
 *   configured with one license URL per media.
 *
 * Keys are never cached anywhere (`no-store`); any origin may read them (players run on customer
 * sites); an unknown or forged kid answers 404. Every answer to a well-formed URL is metered as
 * usage kind `key`.
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentKey } from "#core/drm/content-key.ts";
import type { DeliverableKey } from "#core/drm/content-key-store.ts";
import { TributaryError } from "#core/errors.ts";
import { enforceAccessRules } from "#core/tokens/access.ts";
import type { PlaybackClaims } from "#core/tokens/claims.ts";
import { VerifiedTokenCache } from "../cache/token-cache.ts";
import type { EdgeDeps } from "../deps.ts";
import { errorResponse } from "../http/error-response.ts";
import { usageRecord } from "../playback/usage.ts";
import { cachedContentKeys } from "./key-cache.ts";
import { clearKeyLicense, MAX_LICENSE_REQUEST_BYTES, parseLicenseRequest } from "./clearkey-license.ts";
import { parseKeyTarget, type KeyTarget } from "./key-target.ts";

function keyNotFound(): TributaryError {
  return new TributaryError("drm.key_not_found", "no such key for this media");
}

/** `tokens` is playback's verified-token cache, so a token a player already used for media costs no second verification. */
export function keyRoutes(deps: EdgeDeps, tokens = new VerifiedTokenCache(deps.keys, deps.clock, deps.tokenCache, deps.tenantKeys)): Hono {
  const app = new Hono();
  const contentKeys = deps.contentKeys === undefined ? undefined : cachedContentKeys(deps.contentKeys, deps.clock);

  /**
   * The keys `kids` of what the playback id names, all of which must exist and belong to the token's
   * tenant. A stream id names its current (or last) broadcast's media, as for media requests.
   */
  async function lookUp(playbackId: string, kids: readonly string[], claims: PlaybackClaims): Promise<ContentKey[]> {
    const resolved = deps.relay === undefined ? playbackId : (await deps.relay.resolve(playbackId)).mediaId;
    const mediaIds = resolved === playbackId ? [playbackId] : [resolved, playbackId];
    const found: ContentKey[] = [];
    for (const kid of kids) {
      let key: DeliverableKey | undefined;
      for (const mediaId of mediaIds) key ??= await contentKeys?.byKid(mediaId, kid);
      if (key === undefined || (claims.tid !== undefined && key.tenantId !== claims.tid)) throw keyNotFound();
      found.push(key.key);
    }
    return found;
  }

  async function answer(c: Context, target: KeyTarget, claims: PlaybackClaims): Promise<Response> {
    if (c.req.method === "POST") {
      const kids = parseLicenseRequest(await c.req.text());
      return licenseResponse(await lookUp(target.mediaId, kids, claims));
    }
    if (target.kid === undefined) throw new TributaryError("request.invalid", "a license URL answers POSTed ClearKey license requests", { details: { reason: "method" } });
    const [key] = await lookUp(target.mediaId, [target.kid], claims);
    if (key === undefined) throw keyNotFound();
    if (wantsLicense(c)) return licenseResponse([key]);
    return new Response(c.req.method === "HEAD" ? null : (key.key.slice() as Uint8Array<ArrayBuffer>), { headers: { "content-type": "application/octet-stream", "content-length": String(key.key.byteLength) } });
  }

  const tooLarge = new TributaryError("request.too_large", `license requests are limited to ${MAX_LICENSE_REQUEST_BYTES} bytes`);
  app.use("*", bodyLimit({ maxSize: MAX_LICENSE_REQUEST_BYTES, onError: () => noStore(errorResponse(tooLarge)) }));
  app.on(["GET", "HEAD", "POST"], "/*", async (c) => {
    const target = parseKeyTarget(new URL(c.req.url));
    let claims: PlaybackClaims | undefined;
    let response: Response;
    try {
      claims = await tokens.verify(target.token, target.mediaId);
      enforceAccessRules(claims.rules, deps.viewer(c));
      response = await answer(c, target, claims);
    } catch (error) {
      response = errorResponse(error, c.req.raw);
    }
    noStore(response);
    const bytes = Number(response.headers.get("content-length") ?? 0);
    deps.usage?.record(
      usageRecord(
        { kind: "key", mediaId: target.mediaId, streamId: undefined, path: target.kid ?? "license", tenantId: claims?.tid, status: response.status, bytes, cacheHit: false, country: deps.viewer(c).country, sessionId: claims?.sid, cmcd: undefined, mediaSeconds: undefined, tier: undefined },
        deps.clock,
      ),
    );
    return response;
  });
  app.all("*", () => {
    throw new TributaryError("request.invalid", "key URLs answer GET, HEAD and POST only", { details: { reason: "method" } });
  });
  return app;
}

/** A ClearKey license with its length, which usage meters. */
function licenseResponse(keys: readonly ContentKey[]): Response {
  const body = new TextEncoder().encode(JSON.stringify(clearKeyLicense(keys)));
  return new Response(body, { headers: { "content-type": "application/json", "content-length": String(body.byteLength) } });
}

function noStore(response: Response): Response {
  response.headers.set("cache-control", "no-store");
  return response;
}

function wantsLicense(c: Context): boolean {
  return c.req.query("format") === "jwk" || (c.req.header("accept") ?? "").includes("application/json");
}
