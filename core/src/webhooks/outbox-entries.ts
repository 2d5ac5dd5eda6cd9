/**
 * The webhook outbox in object storage. An event is written to `webhook-outbox/events/` before any
 * delivery is attempted; fanning it out gives one entry per unfinished delivery under
 * `webhook-outbox/deliveries/`, which holds when the next attempt is due and, while a worker attempts
 * it, that worker's lease. Claims are compare-and-swap writes (If-Match on the entry's etag), so two
 * workers never hold one delivery at once; a lease that runs out (the worker died) can be claimed again.
 */
import { z } from "zod";
import { isTributaryError } from "../errors.ts";
import { readJson } from "../storage/json.ts";
import { defaultWriteRetry, retryWrite, type WriteRetryPolicy } from "../storage/write-retry.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { webhookEventSchema, type WebhookEvent } from "./events.ts";

export const outboxEventSchema = z.object({ event: webhookEventSchema });

export const leaseSchema = z.object({
  /** The worker holding the claim. */
  owner: z.string(),
  /** Epoch ms the claim was made, and until when it holds. */
  since: z.number(),
  until: z.number(),
});
export type OutboxLease = z.infer<typeof leaseSchema>;

export const outboxDeliverySchema = z.object({
  tenantId: z.string(),
  endpointId: z.string(),
  deliveryId: z.string(),
  /** Epoch ms the next attempt is due. */
  dueAt: z.number(),
  /** Attempts recorded when the entry was last released; a lease found expired above this count lost one. */
  attempts: z.number().int().nonnegative(),
  lease: leaseSchema.optional(),
});
export type OutboxDelivery = z.infer<typeof outboxDeliverySchema>;

/** A claimed entry: the value as written with our lease, its etag (for the release), and the lease it replaced. */
export interface ClaimedDelivery {
  key: string;
  entry: OutboxDelivery;
  etag: string;
  /** An expired lease the entry still carried: a worker stopped while attempting it. */
  expired: OutboxLease | undefined;
}

const json = { contentType: "application/json" } as const;

/** Creates `key` with `value` unless something is there already; true when this call created it. */
async function createIfAbsent(store: ObjectStore, key: string, value: unknown): Promise<boolean> {
  try {
    await store.put(key, JSON.stringify(value), { ...json, ifNoneMatch: "*" });
    return true;
  } catch (error) {
    if (isTributaryError(error, "storage.precondition_failed")) return false;
    throw error;
  }
}

/**
 * Writes an event to the outbox; nothing is delivered before this resolves. A store that cannot take
 * the write is retried with backoff (storage/write-retry.ts): the create is conditional, so a retry of
 * a write that did land is harmless.
 */
export async function writeOutboxEvent(store: ObjectStore, event: WebhookEvent, retry: WriteRetryPolicy = defaultWriteRetry): Promise<void> {
  await retryWrite(() => createIfAbsent(store, keys.webhookOutboxEvent(event.id), { event }), retry);
}

/** Adds a delivery's entry, due at `dueAt`, unless it has one (fanning out again is harmless). */
export async function addOutboxDelivery(store: ObjectStore, entry: Omit<OutboxDelivery, "lease" | "attempts">): Promise<void> {
  await createIfAbsent(store, keys.webhookOutboxDelivery(entry.tenantId, entry.endpointId, entry.deliveryId), { ...entry, attempts: 0 });
}

/** Whether a worker may claim `entry` at `now`: due, and not held by a live lease. */
export function claimable(entry: OutboxDelivery, now: number): boolean {
  return entry.dueAt <= now && (entry.lease === undefined || entry.lease.until <= now);
}

/** When `entry` next becomes claimable (epoch ms). */
export function claimableAt(entry: OutboxDelivery): number {
  return Math.max(entry.dueAt, entry.lease?.until ?? 0);
}

/**
 * Claims the entry at `key` for `owner` until `now + leaseMs`, or returns `undefined` when it is gone,
 * not claimable, or another worker claimed it first. Throws `record.invalid` for an entry that is not one.
 */
export async function claimOutboxDelivery(store: ObjectStore, key: string, owner: string, now: number, leaseMs: number): Promise<ClaimedDelivery | undefined> {
  const current = await readJson(store, key, outboxDeliverySchema);
  if (current === undefined || !claimable(current.value, now)) return undefined;
  const entry: OutboxDelivery = { ...current.value, lease: { owner, since: now, until: now + leaseMs } };
  try {
    const { etag } = await store.put(key, JSON.stringify(entry), { ...json, ifMatch: current.etag });
    return { key, entry, etag, expired: current.value.lease };
  } catch (error) {
    if (isTributaryError(error, "storage.precondition_failed")) return undefined;
    throw error;
  }
}

/**
 * Gives the claim up, with the next attempt due at `dueAt` after `attempts` recorded attempts. False
 * when the claim was lost meanwhile (our lease ran out and another worker took the entry).
 */
export async function releaseOutboxDelivery(store: ObjectStore, claim: ClaimedDelivery, dueAt: number, attempts: number): Promise<boolean> {
  const { lease: _released, ...rest } = claim.entry;
  try {
    await store.put(claim.key, JSON.stringify({ ...rest, dueAt, attempts }), { ...json, ifMatch: claim.etag });
    return true;
  } catch (error) {
    if (isTributaryError(error, "storage.precondition_failed")) return false;
    throw error;
  }
}
