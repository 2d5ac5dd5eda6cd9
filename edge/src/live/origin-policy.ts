/**
 * Timeouts for everything the edge waits on, as data (CRAFT.md: policies are data, like hls.js
 * `fragLoadPolicy`). A slow origin ends in a 504, a failing one in a 502, never a hung viewer.
 */
import { TributaryError } from "#core/errors.ts";

export interface OriginPolicy {
  /** Storage reads (R2, S3, filesystem). */
  storageTimeoutMs: number;
  /** Ordinary relay requests. */
  relayTimeoutMs: number;
  /** Blocking playlist reloads (`_HLS_msn`): the relay may hold them up to about 3 target durations. */
  blockingRelayTimeoutMs: number;
  /** How long a `live/<streamId>/origin.json` pointer is trusted before it is read again. */
  pointerTtlMs: number;
}

export const defaultOriginPolicy: OriginPolicy = {
  storageTimeoutMs: 5_000,
  relayTimeoutMs: 4_000,
  blockingRelayTimeoutMs: 12_000,
  pointerTtlMs: 2_000,
};

/** Settles like `work`, or throws `origin.timeout` after `ms`. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TributaryError("origin.timeout", `${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
