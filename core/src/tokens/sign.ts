/** Signs playback tokens (JWS compact, ES256 or EdDSA, `kid` in the header). */
import { importJWK, SignJWT } from "jose";
import { PLAYBACK_AUDIENCE, type AbrCaps, type AccessRules } from "./claims.ts";
import type { SigningKey } from "./signing-keys.ts";

export interface PlaybackGrant {
  mediaId: string;
  /** Seconds since the epoch when the token stops working. */
  expiresAt: number;
  notBefore?: number;
  tenantId?: string;
  sessionId?: string;
  rules?: AccessRules;
  caps?: AbrCaps;
  /** Grants the asset's downloads (`download/highest.mp4`, `download/audio.m4a`). */
  downloadable?: boolean;
  /** An instant clip, media seconds. */
  clip?: { start: number; end: number };
}

/**
 * @example
 * const token = await signPlaybackToken(activeKey(keyring), { mediaId, expiresAt: now + 3600 });
 * const url = `${edge}/p/${token}/${mediaId}/master.m3u8`;
 */
export async function signPlaybackToken(key: SigningKey, grant: PlaybackGrant, now = Date.now()): Promise<string> {
  if (!key.privateJwk) throw new TypeError(`signing key ${key.kid} has no private half`);
  const privateKey = await importJWK(key.privateJwk, key.alg);
  const payload: Record<string, unknown> = {};
  if (grant.tenantId) payload["tid"] = grant.tenantId;
  if (grant.sessionId) payload["sid"] = grant.sessionId;
  if (grant.rules) payload["rules"] = grant.rules;
  if (grant.caps) payload["caps"] = grant.caps;
  if (grant.downloadable === true) payload["downloadable"] = true;
  if (grant.clip) {
    payload["clipStart"] = grant.clip.start;
    payload["clipEnd"] = grant.clip.end;
  }
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" })
    .setSubject(grant.mediaId)
    .setAudience(PLAYBACK_AUDIENCE)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(grant.expiresAt);
  if (grant.notBefore !== undefined) jwt.setNotBefore(grant.notBefore);
  return jwt.sign(privateKey);
}
