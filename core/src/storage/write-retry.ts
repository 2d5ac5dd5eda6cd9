/**
 * Retries a storage write the store could not take (`storage.unavailable`: 5xx, timeouts, resets
 * that outlasted the client's own retries or its retry quota) with capped exponential backoff. Any
 * other error (a failed condition, a bad key) is an answer and is thrown at once; so is the last
 * `storage.unavailable` once the attempts are spent, for the caller to surface.
 */
import { isTributaryError } from "../errors.ts";

export interface WriteRetryPolicy {
  /** Attempts including the first. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** Where the backoff waits; tests pass one that returns at once. */
  wait?: (ms: number) => Promise<void>;
}

/** About 26 s of backoff over 8 attempts (0.25, 0.5, 1, 2, 4, 8, 10 s), while the publisher is paused. */
export const defaultWriteRetry: WriteRetryPolicy = { attempts: 8, initialDelayMs: 250, maxDelayMs: 10_000 };

/**
 * For the storage calls that admit a publisher (reading its stream record and a pointer a dead relay
 * left, registering its media: reads and idempotent updates): about 1.5 s, since an encoder refused
 * once mostly gives up, and one failed call must not end a broadcast before it starts.
 */
export const publishAdmissionRetry: WriteRetryPolicy = { attempts: 4, initialDelayMs: 200, maxDelayMs: 800 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function retryWrite<T>(write: () => Promise<T>, policy: WriteRetryPolicy = defaultWriteRetry, onRetry?: (error: unknown, attempt: number) => void): Promise<T> {
  const wait = policy.wait ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= policy.attempts || !isTributaryError(error, "storage.unavailable")) throw error;
      onRetry?.(error, attempt);
      await wait(Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1)));
    }
  }
}
