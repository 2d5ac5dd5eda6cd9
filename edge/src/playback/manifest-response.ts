/**
 * Rewrites a manifest for one viewer: the token on every URI (swapped for a per-session token when a
 * signer is configured and this is the top-level manifest), and variants filtered and ordered by the
 * token's caps and the client's signals.
 */
import type { Clock } from "#core/clock.ts";
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
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Returns the rewritten manifest (etag dropped: the bytes are this viewer's) and the session id in force. */
export async function personalizeManifest(object: CachedObject, context: ManifestContext): Promise<{ object: CachedObject; sessionId: string | undefined }> {
  const { target, claims } = context;
  let targetToken = target.token;
  let sessionId = claims.sid;
  const topLevel = !target.path.includes("/");
  if (context.signer !== undefined && topLevel && claims.sid === undefined) {
    sessionId = context.playerSessionId ?? newId(context.clock);
    targetToken = await context.signer.sign(sessionGrant(claims, sessionId, context.clock.now(), context.signer.sessionTtlSeconds));
  }
  const slash = target.path.lastIndexOf("/");
  const text = rewriteManifest(target.path, decoder.decode(object.body), {
    uri: { mediaId: target.mediaId, token: target.token, targetToken, directory: slash < 0 ? "" : target.path.slice(0, slash + 1) },
    caps: claims.caps,
    signals: context.signals,
  });
  return { object: { ...object, body: encoder.encode(text), etag: "" }, sessionId };
}
