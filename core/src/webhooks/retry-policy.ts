/** When to try a webhook delivery again: policy as data (CRAFT.md), exponential backoff capped, for up to a day or `maxAttempts`. */
export interface RetryPolicy {
  /** Delay after the first failed attempt. */
  initialDelayMs: number;
  /** Each further delay is the previous one times this. */
  multiplier: number;
  maxDelayMs: number;
  /** No attempt starts later than this after the first one. */
  maxAgeMs: number;
  /** Attempts in all, the first included; the delivery is marked failed after the last. */
  maxAttempts: number;
  /** One attempt's whole request, response included. */
  timeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  initialDelayMs: 30_000,
  multiplier: 2,
  maxDelayMs: 3_600_000,
  maxAgeMs: 24 * 3_600_000,
  // As many as the backoff fits in a day: 30 s, 1, 2 … 32 min, then hourly.
  maxAttempts: 30,
  timeoutMs: 10_000,
};

/**
 * When attempt number `attemptsMade + 1` should start, or `undefined` when the delivery has used its
 * attempts or its time up. `attemptsMade` ≥ 1; `firstAttemptAt` and the result are epoch milliseconds.
 */
export function nextAttemptAt(policy: RetryPolicy, attemptsMade: number, firstAttemptAt: number, lastAttemptAt: number): number | undefined {
  if (attemptsMade >= policy.maxAttempts) return undefined;
  const delay = Math.min(policy.initialDelayMs * policy.multiplier ** (attemptsMade - 1), policy.maxDelayMs);
  const at = lastAttemptAt + delay;
  return at - firstAttemptAt > policy.maxAgeMs ? undefined : at;
}
