/**
 * Who may sign a playback token, and with which keys it is verified. A token whose `kid` is a
 * platform key is verified with the platform's keys. A token naming another `kid` and carrying a
 * `tid` is tenant-signed: it is verified with that tenant's published keys, must carry its tenant's
 * id, and its media must belong to that tenant.
 */
import { TributaryError } from "#core/errors.ts";
import type { PlaybackClaims } from "#core/tokens/claims.ts";
import type { PlaybackKeys } from "#core/tokens/keyring-store.ts";
import { assertTenantOwns, type TenantKeySource } from "#core/tokens/tenant-keys.ts";
import { MAX_TOKEN_BYTES, verifyPlaybackToken } from "#core/tokens/verify.ts";
import { decodeJwt, decodeProtectedHeader, type JWK } from "jose";

export interface PlaybackSigners {
  platform: PlaybackKeys;
  /** Absent: only platform-signed tokens are accepted. */
  tenants?: TenantKeySource | undefined;
}

/** Verifies `token` at `now` (ms) against whoever signed it; throws the verifier's `token.*` errors. */
export async function verifySignedPlayback(token: string, signers: PlaybackSigners, now: number, clockTolerance: number): Promise<PlaybackClaims> {
  const platform = await signers.platform.jwks();
  const tenantId = signers.tenants === undefined ? undefined : tenantSigner(token, platform.keys);
  const jwks = tenantId === undefined ? platform : ((await signers.tenants?.jwks(tenantId)) ?? { keys: [] });
  const claims = await verifyPlaybackToken(token, { jwks, now, clockTolerance });
  if (tenantId !== undefined && signers.tenants !== undefined) {
    if (claims.tid !== tenantId) throw new TributaryError("token.invalid", "tenant-signed token without its tenant");
    await assertTenantOwns(signers.tenants, tenantId, claims.sub);
  }
  return claims;
}

/**
 * The tenant whose key a token names: its `kid` is not a platform key and it carries a `tid`. Read
 * unverified, only to choose which public keys to verify with; oversized or malformed tokens are left
 * to the verifier to refuse.
 */
export function tenantSigner(token: string, platformKeys: readonly JWK[]): string | undefined {
  if (token.length > MAX_TOKEN_BYTES) return undefined;
  try {
    const { kid } = decodeProtectedHeader(token);
    if (kid === undefined || platformKeys.some((key) => key.kid === kid)) return undefined;
    const { tid } = decodeJwt(token);
    return typeof tid === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(tid) ? tid : undefined;
  } catch {
    return undefined;
  }
}
