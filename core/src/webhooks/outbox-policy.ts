/** How a worker works through the webhook outbox: policy as data (CRAFT.md), bounded in every dimension. */
import type { RetryPolicy } from "./retry-policy.ts";

export interface OutboxPolicy {
  /** Longest wait between sweeps: how soon another relay's events and a crashed worker's claims are seen. */
  pollIntervalMs: number;
  /** How long a claim holds a delivery; must outlast one attempt (`RetryPolicy.timeoutMs`) and its writes. */
  leaseMs: number;
  /** Outbox entries one sweep reads (each is one GET); the next sweep continues where this one stopped. */
  maxEntriesPerSweep: number;
  /** Deliveries one worker attempts at once. */
  maxInFlight: number;
}

export const defaultOutboxPolicy: OutboxPolicy = {
  pollIntervalMs: 5_000,
  leaseMs: 70_000,
  maxEntriesPerSweep: 200,
  maxInFlight: 32,
};

/** Throws `TypeError` for a policy our own code must never pass: a lease shorter than an attempt, empty bounds. */
export function assertOutboxPolicy(policy: OutboxPolicy, retry: RetryPolicy): void {
  if (!(policy.leaseMs > retry.timeoutMs)) throw new TypeError("leaseMs must exceed the retry policy's timeoutMs");
  for (const [name, value] of [["pollIntervalMs", policy.pollIntervalMs], ["maxEntriesPerSweep", policy.maxEntriesPerSweep], ["maxInFlight", policy.maxInFlight]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer`);
  }
}
