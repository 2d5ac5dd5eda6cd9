/**
 * Verified playback tokens (auth/playback-verifier.ts decides who may sign them), kept so a viewer's hundreds of segment requests cost one signature check.
 * Safe because a token is immutable: the same string always carries the same claims. Entries honour
 * `exp` (with the verifier's clock tolerance) and live at most `maxAgeMs`, so a removed key stops
 * verifying soon after its removal reaches the edge.
 */
import type { Clock } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import type { PlaybackClaims } from "#core/tokens/claims.ts";
import type { PlaybackKeys } from "#core/tokens/keyring-store.ts";
import type { TenantKeySource } from "#core/tokens/tenant-keys.ts";
import { verifySignedPlayback } from "../auth/playback-verifier.ts";

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
    const claims = await verifySignedPlayback(token, { platform: this.#keys, tenants: this.#tenants }, now, this.#options.clockTolerance);
    this.#entries.set(token, { claims, verifiedAt: now });
    if (this.#entries.size > this.#options.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    return forMedia(claims, mediaId);
  }

  #fresh(entry: Entry, now: number): boolean {
    return now - entry.verifiedAt < this.#options.maxAgeMs && now < (entry.claims.exp + this.#options.clockTolerance) * 1000;
  }
}

function forMedia(claims: PlaybackClaims, mediaId: string): PlaybackClaims {
  if (claims.sub !== mediaId) throw new TributaryError("token.wrong_media", "playback token is for another media id");
  return claims;
}
