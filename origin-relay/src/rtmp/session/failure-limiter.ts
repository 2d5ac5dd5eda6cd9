/**
 * Per-source-address token bucket for failed publish attempts (ARCHITECTURE.md "Tokens and keys":
 * the relay rate-limits failed attempts). Each failure takes a token; tokens refill at a steady rate;
 * an address with no token left is refused before its key is even looked at.
 */
import type { Clock } from "#core/clock.ts";

export interface FailureLimiterPolicy {
  /** Failures allowed in a burst. */
  burst: number;
  /** Milliseconds to earn back one token. */
  refillIntervalMs: number;
  /** Addresses tracked at most; the stalest is forgotten first. */
  maxAddresses: number;
}

export const defaultFailureLimiterPolicy: FailureLimiterPolicy = { burst: 5, refillIntervalMs: 10_000, maxAddresses: 10_000 };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class FailureLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #policy: FailureLimiterPolicy;
  readonly #clock: Clock;

  constructor(clock: Clock, policy: FailureLimiterPolicy = defaultFailureLimiterPolicy) {
    this.#clock = clock;
    this.#policy = policy;
  }

  #refilled(address: string): Bucket {
    const now = this.#clock.now();
    const bucket = this.#buckets.get(address);
    if (!bucket) return { tokens: this.#policy.burst, updatedAt: now };
    const earned = Math.floor((now - bucket.updatedAt) / this.#policy.refillIntervalMs);
    if (earned <= 0) return bucket;
    return { tokens: Math.min(this.#policy.burst, bucket.tokens + earned), updatedAt: bucket.updatedAt + earned * this.#policy.refillIntervalMs };
  }

  /** True when `address` may attempt a publish. */
  allows(address: string): boolean {
    return this.#refilled(address).tokens >= 1;
  }

  /** Records a failed attempt from `address`. */
  penalize(address: string): void {
    const bucket = this.#refilled(address);
    this.#buckets.delete(address); // re-insert so Map order is least recently penalized first
    this.#buckets.set(address, { tokens: Math.max(0, bucket.tokens - 1), updatedAt: bucket.tokens >= this.#policy.burst ? this.#clock.now() : bucket.updatedAt });
    if (this.#buckets.size > this.#policy.maxAddresses) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
  }

  /** Addresses currently tracked (for metrics and tests). */
  get size(): number {
    return this.#buckets.size;
  }
}
