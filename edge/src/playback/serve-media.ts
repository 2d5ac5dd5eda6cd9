/**
 * Serves one verified playback request: live manifests and parts from the relay holding the stream,
 * everything else from storage through the edge cache (segments and init segments fall back to the
 * relay while they are still being written). Manifests are personalized after the cache, so one cached
 * copy serves every viewer.
 */
import { TributaryError } from "#core/errors.ts";
import { clipOf } from "#core/manifest/clip-range.ts";
import { mediaObjectKey } from "#core/storage/keys.ts";
import type { ClientSignals } from "#core/manifest/variant-policy.ts";
import type { LiveOrigin } from "#core/records/schemas.ts";
import type { PlaybackClaims } from "#core/tokens/claims.ts";
import type { Cmcd } from "#core/usage/cmcd.ts";
import { classifyMediaPath, type UsageKind } from "#core/usage/usage-record.ts";
import type { CachedObject, EdgeCache } from "../cache/edge-cache.ts";
import { cmsdStatic } from "../http/cmsd.ts";
import { contentTypeFor } from "../http/media-headers.ts";
import type { PlaybackTarget } from "../http/request-target.ts";
import type { MediaStore } from "../storage/media-store.ts";
import type { OriginPolicy } from "../live/origin-policy.ts";
import type { RelayOrigin } from "../live/relay-origin.ts";
import type { Clock } from "#core/clock.ts";
import type { PlaylistFacts } from "../usage/playlist-facts.ts";
import { deliveredMedia, type DeliveredMedia } from "./delivered-media.ts";
import { personalizeManifest } from "./manifest-response.ts";
import { respondObject } from "./respond-object.ts";
import type { PlaybackSigner } from "./session-token.ts";
import { loadFromStorage, type CachePolicy } from "./storage-loader.ts";

export interface ServeContext {
  media: MediaStore;
  cache: EdgeCache;
  relay: RelayOrigin | undefined;
  signer: PlaybackSigner | undefined;
  clock: Clock;
  originPolicy: OriginPolicy;
  cachePolicy: CachePolicy;
  /** What the playlists say about delivered media, for usage records; absent when nothing is metered. */
  facts: PlaylistFacts | undefined;
  target: PlaybackTarget;
  claims: PlaybackClaims;
  request: Request;
  cmcd: Cmcd | undefined;
  signals: ClientSignals;
}

export interface Served {
  response: Response;
  bytes: number;
  cacheHit: boolean;
  sessionId: string | undefined;
  /** Media seconds and resolution tier of what was sent. */
  media: DeliveredMedia;
  /** The media the bytes belong to: for a live stream's playback id, its broadcast's media id. */
  mediaId: string;
  /** The stream, when the playback id named one. */
  streamId: string | undefined;
}

/** Where the object came from: the media it belongs to (resolved) and the relay pointer, while live. */
interface Source {
  mediaId: string;
  live: LiveOrigin | undefined;
}

export async function serveMedia(context: ServeContext): Promise<Served> {
  const { target, relay } = context;
  const { kind } = classifyMediaPath(target.path);
  const source: Source = relay === undefined ? { mediaId: target.mediaId, live: undefined } : await relay.resolve(target.mediaId);
  const { mediaId, live } = source;
  if (relay !== undefined && live !== undefined && (kind === "manifest" || kind === "part")) {
    // A relay that does not know the media (restarted) or cannot be reached leaves it to storage, which
    // holds the durable copy: viewers fall back to segment latency instead of an error.
    const served = await serveFromRelay(context, relay, { mediaId, live }, kind).catch((error: unknown) => {
      if (error instanceof TributaryError && (error.code === "request.not_found" || error.details?.["reason"] === "unreachable")) return undefined;
      throw error;
    });
    if (served !== undefined) return served;
  }
  const key = mediaId === target.mediaId ? target.key : mediaObjectKey(mediaId, target.path);
  if (key === undefined) throw new TributaryError("request.invalid", "malformed media path");
  const result = await context.cache.getOrLoad(`${mediaId}/${target.path}`, () =>
    loadFromStorage(context.media, key, target.path, context.originPolicy, context.cachePolicy),
  );
  if (result === undefined) {
    if (relay !== undefined && live !== undefined && kind !== "manifest") return serveFromRelay(context, relay, { mediaId, live }, kind);
    throw new TributaryError("request.not_found", "no such media object");
  }
  return finish(context, result.object, kind, source, { fromRelay: false, cacheHit: result.hit });
}

async function serveFromRelay(context: ServeContext, relay: RelayOrigin, source: Source & { live: LiveOrigin }, kind: UsageKind): Promise<Served> {
  const { target } = context;
  const answer = await relay.fetch(source.live, target.path, new URL(context.request.url).searchParams);
  if (answer.status === 404) throw new TributaryError("request.not_found", "no such live media object");
  if (answer.status >= 300) {
    const headers = { "content-type": answer.contentType ?? "text/plain", "cache-control": "no-store" };
    return { response: new Response(answer.body as Uint8Array<ArrayBuffer>, { status: answer.status, headers }), bytes: answer.body.byteLength, cacheHit: false, sessionId: context.claims.sid, media: {}, ...names(context, source) };
  }
  const object: CachedObject = {
    body: answer.body,
    etag: "",
    contentType: answer.contentType ?? contentTypeFor(target.path),
    // Live playlists (blocking reloads above all) must never be cached; parts are final once served.
    cacheControl: kind === "manifest" ? "no-cache, no-store" : "public, max-age=60",
  };
  return finish(context, object, kind, source, { fromRelay: true, cacheHit: false });
}

async function finish(context: ServeContext, stored: CachedObject, kind: UsageKind, source: Source, how: { fromRelay: boolean; cacheHit: boolean }): Promise<Served> {
  let object = stored;
  let sessionId = context.claims.sid;
  if (kind === "manifest") {
    context.facts?.learnBody(source.mediaId, context.target.path, stored.body);
    ({ object, sessionId } = await personalizeManifest(stored, {
      target: context.target,
      claims: context.claims,
      signals: context.signals,
      playerSessionId: context.cmcd?.sid,
      signer: context.signer,
      clock: context.clock,
      clip: clipOf(new URL(context.request.url).searchParams, context.claims),
    }));
  }
  const { response, bytes } = respondObject(object, context.request, { "cmsd-static": cmsdStatic(context.target.path, kind, how.fromRelay) });
  const delivery = { ...source, path: context.target.path, kind, bytes, size: object.body.byteLength };
  const media = response.ok && context.facts !== undefined ? await deliveredMedia({ ...context, facts: context.facts }, delivery) : {};
  return { response, bytes, cacheHit: how.cacheHit, sessionId, media, ...names(context, source) };
}

function names(context: ServeContext, source: Source): Pick<Served, "mediaId" | "streamId"> {
  return { mediaId: source.mediaId, streamId: source.mediaId === context.target.mediaId ? undefined : context.target.mediaId };
}
