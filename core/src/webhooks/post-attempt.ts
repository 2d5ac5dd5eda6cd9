/**
 * One delivery attempt: the event's JSON, signed (signature.ts), sent through the transport, and
 * the outcome as the delivery record keeps it. Every attempt of a delivery carries the same event id
 * (body and `Tributary-Webhook-Id`), so a receiver that saw it before can drop the duplicate.
 */
import type { Clock } from "../clock.ts";
import type { DeliveryAttempt } from "./deliveries.ts";
import type { WebhookEndpoint } from "./endpoints.ts";
import type { WebhookEvent } from "./events.ts";
import { SIGNATURE_HEADER, signWebhook } from "./signature.ts";
import type { WebhookTransport } from "./transport.ts";

/** The event id, stable across retries: receivers deduplicate on it. */
export const WEBHOOK_ID_HEADER = "Tributary-Webhook-Id";
/** Which attempt this is, from 1. */
export const WEBHOOK_ATTEMPT_HEADER = "Tributary-Webhook-Attempt";

export interface AttemptContext {
  transport: WebhookTransport;
  clock: Clock;
  timeoutMs: number;
}

/** A 2xx answer delivers; anything else, or no answer, is a failed attempt. */
export function succeeded(attempt: DeliveryAttempt): boolean {
  return attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300;
}

/** Sends attempt number `attempt` of `event` to `endpoint`; never throws, the outcome is the result. */
export async function postAttempt(ctx: AttemptContext, endpoint: WebhookEndpoint, event: WebhookEvent, attempt: number): Promise<DeliveryAttempt> {
  const body = JSON.stringify(event);
  const startedAt = ctx.clock.now();
  const at = new Date(startedAt).toISOString();
  const signature = await signWebhook(endpoint.secret, body, Math.floor(startedAt / 1000));
  const headers = {
    "content-type": "application/json",
    "user-agent": "Tributary-Webhooks/1",
    [SIGNATURE_HEADER]: signature,
    [WEBHOOK_ID_HEADER]: event.id,
    [WEBHOOK_ATTEMPT_HEADER]: String(attempt),
  };
  try {
    const { status } = await ctx.transport({ url: endpoint.url, headers, body, timeoutMs: ctx.timeoutMs });
    return { at, status, durationMs: ctx.clock.now() - startedAt };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { at, error: message.slice(0, 500), durationMs: ctx.clock.now() - startedAt };
  }
}
