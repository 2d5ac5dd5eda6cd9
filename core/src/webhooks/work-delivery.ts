/**
 * What a worker does with a delivery it has claimed: the delivery record is the truth (attempts, state,
 * when the next attempt is due); the outbox entry only says when to look again and who is looking.
 * Every attempt is recorded before the claim is released, so a crash at any point costs at most one
 * attempt's outcome, never the delivery: the lease runs out and another worker carries on, recording
 * the lost attempt as interrupted (it counts against the policy, so a delivery that kills its worker
 * cannot loop forever).
 */
import type { Clock } from "../clock.ts";
import { readJson, updateJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { webhookDeliverySchema, type DeliveryAttempt, type WebhookDelivery } from "./deliveries.ts";
import { getWebhookEndpoint } from "./endpoints.ts";
import { releaseOutboxDelivery, type ClaimedDelivery, type OutboxLease } from "./outbox-entries.ts";
import { postAttempt, succeeded } from "./post-attempt.ts";
import { nextAttemptAt, type RetryPolicy } from "./retry-policy.ts";
import type { WebhookTransport } from "./transport.ts";

export interface DeliveryWorkContext {
  store: ObjectStore;
  clock: Clock;
  policy: RetryPolicy;
  transport: WebhookTransport;
}

export const INTERRUPTED_ATTEMPT = "interrupted: the worker stopped before recording an outcome; the receiver may have seen this attempt";

/** The record after `attempt`: appended, and the state and next due time the policy gives. A finished record stays finished. */
export function afterAttempt(policy: RetryPolicy, record: WebhookDelivery, attempt: DeliveryAttempt): WebhookDelivery {
  const attempts = [...record.attempts, attempt];
  const { nextAttemptAt: _previous, ...rest } = record;
  if (record.state !== "pending") return { ...rest, attempts };
  if (succeeded(attempt)) return { ...rest, attempts, state: "succeeded" };
  const firstAt = Date.parse((attempts[0] as DeliveryAttempt).at);
  const retryAt = nextAttemptAt(policy, attempts.length, firstAt, Date.parse(attempt.at));
  return retryAt === undefined ? { ...rest, attempts, state: "failed" } : { ...rest, attempts, state: "pending", nextAttemptAt: new Date(retryAt).toISOString() };
}

function recordKey(claim: ClaimedDelivery): string {
  return keys.webhookDelivery(claim.entry.tenantId, claim.entry.endpointId, claim.entry.deliveryId);
}

async function record(ctx: DeliveryWorkContext, claim: ClaimedDelivery, change: (current: WebhookDelivery) => WebhookDelivery, fallback: WebhookDelivery): Promise<WebhookDelivery> {
  return (await updateJson(ctx.store, recordKey(claim), (current: WebhookDelivery | undefined) => change(current ?? fallback), { schema: webhookDeliverySchema })).value;
}

function interrupted(lease: OutboxLease): DeliveryAttempt {
  return { at: new Date(lease.since).toISOString(), error: INTERRUPTED_ATTEMPT, durationMs: 0 };
}

/**
 * Works a claimed delivery: attempts it if due, records the outcome, and releases the claim with the
 * next due time, or removes the entry once the delivery is finished. Returns when the entry is next
 * due, or `undefined` when it is gone (finished, or the claim was lost to another worker).
 */
export async function workDelivery(ctx: DeliveryWorkContext, claim: ClaimedDelivery): Promise<number | undefined> {
  let delivery = (await readJson(ctx.store, recordKey(claim), webhookDeliverySchema))?.value;
  if (delivery !== undefined && claim.expired !== undefined && delivery.attempts.length === claim.entry.attempts) {
    const lost = interrupted(claim.expired);
    delivery = await record(ctx, claim, (current) => afterAttempt(ctx.policy, current, lost), delivery);
  }
  if (delivery?.state !== "pending") {
    await ctx.store.delete(claim.key);
    return undefined;
  }
  const now = ctx.clock.now();
  const dueAt = delivery.nextAttemptAt === undefined ? now : Date.parse(delivery.nextAttemptAt);
  if (dueAt > now) return (await releaseOutboxDelivery(ctx.store, claim, dueAt, delivery.attempts.length)) ? dueAt : undefined;

  const endpoint = await getWebhookEndpoint(ctx.store, claim.entry.tenantId, claim.entry.endpointId);
  if (endpoint === undefined) {
    // Retries go to the endpoint as it is now: a removed endpoint ends its deliveries.
    await record(ctx, claim, ({ nextAttemptAt: _dropped, ...current }) => ({ ...current, state: current.state === "pending" ? "failed" : current.state }), delivery);
    await ctx.store.delete(claim.key);
    return undefined;
  }
  const attempt = await postAttempt({ transport: ctx.transport, clock: ctx.clock, timeoutMs: ctx.policy.timeoutMs }, endpoint, delivery.event, delivery.attempts.length + 1);
  delivery = await record(ctx, claim, (current) => afterAttempt(ctx.policy, current, attempt), delivery);
  if (delivery.state !== "pending" || delivery.nextAttemptAt === undefined) {
    await ctx.store.delete(claim.key);
    return undefined;
  }
  const next = Date.parse(delivery.nextAttemptAt);
  return (await releaseOutboxDelivery(ctx.store, claim, next, delivery.attempts.length)) ? next : undefined;
}
