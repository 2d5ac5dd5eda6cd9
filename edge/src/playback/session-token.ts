/**
 * The `PlaybackSigner` port: lets the edge exchange a long-lived token for a short per-session one
 * (bound to a `sid`) when it rewrites a multivariant playlist. Optional: without a signer, manifests keep
 * the viewer's own token.
 */
import type { Clock } from "#core/clock.ts";
import type { PlaybackClaims } from "#core/tokens/claims.ts";
import { signPlaybackToken, type PlaybackGrant } from "#core/tokens/sign.ts";
import type { SigningKey } from "#core/tokens/signing-keys.ts";

export interface PlaybackSigner {
  sign(grant: PlaybackGrant): Promise<string>;
  /** Seconds a session token lives (never past the original token's `exp`). */
  sessionTtlSeconds: number;
}

/** A signer holding one private key (the platform's active key). */
export function keySigner(key: SigningKey, clock: Clock, sessionTtlSeconds = 3_600): PlaybackSigner {
  return { sign: (grant) => signPlaybackToken(key, grant, clock.now()), sessionTtlSeconds };
}

/** The grant for a session token: same media, tenant, rules, caps and clip, shorter life, a session id. */
export function sessionGrant(claims: PlaybackClaims, sessionId: string, nowMs: number, ttlSeconds: number): PlaybackGrant {
  const grant: PlaybackGrant = { mediaId: claims.sub, expiresAt: Math.min(claims.exp, Math.floor(nowMs / 1000) + ttlSeconds), sessionId };
  if (claims.tid !== undefined) grant.tenantId = claims.tid;
  if (claims.rules !== undefined) grant.rules = claims.rules;
  if (claims.caps !== undefined) grant.caps = claims.caps;
  if (claims.clipStart !== undefined && claims.clipEnd !== undefined) grant.clip = { start: claims.clipStart, end: claims.clipEnd };
  return grant;
}
