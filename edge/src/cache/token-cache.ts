/**
 * Verified playback tokens, kept so a viewer's hundreds of segment requests cost one signature check.
 * Safe because a token is immutable: the same string always carries the same claims. Entries honour
 * `exp` (with the verifier's clock tolerance) and live at most `maxAgeMs`, so a removed key stops
 * verifying soon after its removal reaches the edge.
 */
import type { Clock } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import type { PlaybackClaims } from "#core/tokens/claims.ts";
import type { PlaybackKeys } from "#core/tokens/keyring-store.ts";
import { assertTenantOwns, type TenantKeySource } from "#core/tokens/tenant-keys.ts";
import { MAX_TOKEN_BYTES, verifyPlaybackToken } from "#core/tokens/verify.ts";
import { decodeJwt, decodeProtectedHeader, type JWK } from "jose";

export interface TokenCacheOptions {
  maxEntries: number;
  maxAgeMs: number;
  /** Seconds of clock skew tolerated, as in `verifyPlaybackToken`. */
  clockTolerance: number;
}

export const defaultTokenCacheOptions: TokenCacheOptions = { maxEntries: 10_000, maxAgeMs: 60_000, clockTolerance: 5 };

interface Entry {
  claims: PlaybackClaims;
  verifiedAt: number;
}

export class VerifiedTokenCache {
  readonly #entries = new Map<string, Entry>();
  readonly #keys: PlaybackKeys;
  readonly #clock: Clock;
  readonly #options: TokenCacheOptions;

  readonly #tenants: TenantKeySource | undefined;

  constructor(keys: PlaybackKeys, clock: Clock, options: Partial<TokenCacheOptions> = {}, tenants?: TenantKeySource) {
    this.#keys = keys;
    this.#tenants = tenants;
    this.#clock = clock;
    this.#options = { ...defaultTokenCacheOptions, ...options };
  }

  /** Verifies `token` for `mediaId` (from cache when possible); throws the verifier's `token.*` errors. */
  async verify(token: string, mediaId: string): Promise<PlaybackClaims> {
    const now = this.#clock.now();
    const cached = this.#entries.get(token);
    if (cached !== undefined) this.#entries.delete(token);
    if (cached !== undefined && this.#fresh(cached, now)) {
      this.#entries.set(token, cached);
      return forMedia(cached.claims, mediaId);
    }
    const platform = await this.#keys.jwks();
    const tenantId = this.#tenants === undefined ? undefined : tenantSigner(token, platform.keys);
    const jwks = tenantId === undefined ? platform : ((await this.#tenants?.jwks(tenantId)) ?? { keys: [] });
    const claims = await verifyPlaybackToken(token, { jwks, now, clockTolerance: this.#options.clockTolerance });
    if (tenantId !== undefined && this.#tenants !== undefined) {
      if (claims.tid !== tenantId) throw new TributaryError("token.invalid", "tenant-signed token without its tenant");
      await assertTenantOwns(this.#tenants, tenantId, claims.sub);
    }
    this.#entries.set(token, { claims, verifiedAt: now });
    if (this.#entries.size > this.#options.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    return forMedia(claims, mediaId);
  }

  #fresh(entry: Entry, now: number): boolean {
    return now - entry.verifiedAt < this.#options.maxAgeMs && now < (entry.claims.exp + this.#options.clockTolerance) * 1000;
  }
}

/**
 * The tenant whose key a token names: its `kid` is not a platform key and it carries a `tid`. Read
 * unverified, only to choose which public keys to verify with; oversized or malformed tokens are left
 * to the verifier to refuse.
 */
function tenantSigner(token: string, platformKeys: readonly JWK[]): string | undefined {
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

function forMedia(claims: PlaybackClaims, mediaId: string): PlaybackClaims {
  if (claims.sub !== mediaId) throw new TributaryError("token.wrong_media", "playback token is for another media id");
  return claims;
}
