/**
 * Rewrites a manifest for one viewer: the token on every URI (swapped for a per-session token when a
 * signer is configured and this is the top-level manifest), and variants filtered and ordered by the
 * token's caps and the client's signals, and media playlists cut to an instant clip.
 */
import type { Clock } from "#core/clock.ts";
import { clipQuery, type ClipRange } from "#core/manifest/clip-range.ts";
import { rewriteManifest } from "#core/manifest/rewrite-manifest.ts";
import type { ClientSignals } from "#core/manifest/variant-policy.ts";
import { newId } from "#core/records/ids.ts";
import type { PlaybackClaims } from "#core/tokens/claims.ts";
import type { CachedObject } from "../cache/edge-cache.ts";
import type { PlaybackTarget } from "../http/request-target.ts";
import { sessionGrant, type PlaybackSigner } from "./session-token.ts";

export interface ManifestContext {
  target: PlaybackTarget;
  claims: PlaybackClaims;
  signals: ClientSignals;
  /** CMCD `sid` the player sent, used as the session id when a session token is minted. */
  playerSessionId: string | undefined;
  signer: PlaybackSigner | undefined;
  clock: Clock;
  /** The instant clip in force (claims over query), when there is one. */
  clip?: { range: ClipRange; fromQuery: boolean } | undefined;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Rewrites already made, per source body and then per (path, token, signals). A token always carries
 * the same claims, so those three fix the output. Keying on the body object ties each entry's life to
 * the cached copy it came from: when the edge cache drops or refreshes a playlist, its rewrites go too.
 */
const rewrites = new WeakMap<Uint8Array, Map<string, Uint8Array>>();
/** Rewrites kept per source body (one per viewer token); the oldest is dropped beyond this. */
const MAX_REWRITES_PER_BODY = 256;

/** Returns the rewritten manifest (etag dropped: the bytes are this viewer's) and the session id in force. */
export async function personalizeManifest(object: CachedObject, context: ManifestContext): Promise<{ object: CachedObject; sessionId: string | undefined }> {
  const { target, claims } = context;
  if (context.signer !== undefined && !target.path.includes("/") && claims.sid === undefined) {
    const sessionId = context.playerSessionId ?? newId(context.clock);
    const sessionToken = await context.signer.sign(sessionGrant(claims, sessionId, context.clock.now(), context.signer.sessionTtlSeconds));
    return { object: { ...object, body: rewrite(object.body, context, sessionToken), etag: "" }, sessionId };
  }
  let memo = rewrites.get(object.body);
  if (memo === undefined) rewrites.set(object.body, (memo = new Map()));
  const key = `${target.path}\n${target.token}\n${signalsKey(context.signals)}\n${context.clip === undefined ? "" : clipQuery(context.clip.range)}`;
  let body = memo.get(key);
  if (body === undefined) {
    body = rewrite(object.body, context, target.token);
    if (memo.size >= MAX_REWRITES_PER_BODY) memo.delete(memo.keys().next().value as string);
    memo.set(key, body);
  }
  return { object: { ...object, body, etag: "" }, sessionId: claims.sid };
}

function rewrite(source: Uint8Array, context: ManifestContext, targetToken: string): Uint8Array {
  const { target, claims } = context;
  const slash = target.path.lastIndexOf("/");
  const text = rewriteManifest(target.path, decoder.decode(source), {
    uri: { mediaId: target.mediaId, token: target.token, targetToken, directory: slash < 0 ? "" : target.path.slice(0, slash + 1) },
    caps: claims.caps,
    signals: context.signals,
    // A clip named by the token rides along with it; one named by the query is put on each URI.
    clip: context.clip === undefined ? undefined : { range: context.clip.range, carry: context.clip.fromQuery },
  });
  return encoder.encode(text);
}

function signalsKey(signals: ClientSignals): string {
  return `${signals.saveData ?? ""},${signals.ect ?? ""},${signals.downlinkMbps ?? ""},${signals.measuredKbps ?? ""},${signals.bufferMs ?? ""}`;
}
