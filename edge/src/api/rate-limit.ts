/**
 * API rate limits per API key. The port is `RateLimiter`; on Node (and on Workers without the binding)
 * `TokenBuckets` holds the buckets in this instance's memory, so each instance limits on its own. On
 * Workers the `API_RATE_LIMIT` binding (runtime/workers-rate-limit.ts) counts per Cloudflare location.
 */
import type { Clock } from "#core/clock.ts";

export interface RateLimiter {
  /** Takes one request for `key`: 0 when allowed, else the whole seconds to wait. */
  take(key: string): number | Promise<number>;
}

export interface RateLimitPolicy {
  /** Bucket size: requests allowed back to back. */
  burst: number;
  /** Tokens added per second. */
  perSecond: number;
}

export const defaultRateLimit: RateLimitPolicy = { burst: 60, perSecond: 10 };

/** Buckets idle long enough to be full are forgotten past this many keys, so memory stays bounded. */
const MAX_BUCKETS = 10_000;

/** Per-key token buckets held in memory: each key gets `burst` requests, refilled at `perSecond`. */
export class TokenBuckets implements RateLimiter {
  readonly #policy: RateLimitPolicy;
  readonly #clock: Clock;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(policy: RateLimitPolicy, clock: Clock) {
    if (!(policy.burst >= 1) || !(policy.perSecond > 0)) throw new TypeError("rate limit needs burst >= 1 and perSecond > 0");
    this.#policy = policy;
    this.#clock = clock;
  }

  /** Takes one token for `key`: 0 when allowed, else the whole seconds until one is available. */
  take(key: string): number {
    const now = this.#clock.now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#policy.burst, at: now };
    const tokens = Math.min(this.#policy.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.#policy.perSecond);
    if (tokens < 1) {
      this.#buckets.set(key, { tokens, at: now });
      return Math.max(1, Math.ceil((1 - tokens) / this.#policy.perSecond));
    }
    this.#buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.#buckets.size > MAX_BUCKETS) this.#prune(now);
    return 0;
  }

  #prune(now: number): void {
    const fullAfterMs = (this.#policy.burst / this.#policy.perSecond) * 1000;
    for (const [key, bucket] of this.#buckets) if (now - bucket.at >= fullAfterMs) this.#buckets.delete(key);
  }
}
