/**
 * Turns an outbox event into deliveries: for every endpoint of the tenant subscribed to its type, a
 * pending delivery record and an outbox entry due now, then the event leaves the outbox. Every step
 * creates only what is absent, and a delivery's id is its event's, so a fan-out cut short by a crash
 * (or run by two workers at once) is simply run again. A stray entry for a finished delivery is
 * dropped by the worker that claims it.
 */
import type { ObjectStore } from "../storage/object-store.ts";
import { isTributaryError } from "../errors.ts";
import { keys } from "../storage/keys.ts";
import { webhookDeliverySchema, type WebhookDelivery } from "./deliveries.ts";
import { listWebhookEndpoints } from "./endpoints.ts";
import type { WebhookEvent } from "./events.ts";
import { addOutboxDelivery } from "./outbox-entries.ts";

async function createDeliveryRecord(store: ObjectStore, delivery: WebhookDelivery): Promise<void> {
  try {
    await store.put(keys.webhookDelivery(delivery.tenantId, delivery.endpointId, delivery.id), JSON.stringify(webhookDeliverySchema.parse(delivery)), {
      contentType: "application/json",
      ifNoneMatch: "*",
    });
  } catch (error) {
    if (!isTributaryError(error, "storage.precondition_failed")) throw error;
  }
}

/** Fans `event` out at `now` (epoch ms) and removes it from the outbox; returns the endpoint ids it went to. */
export async function fanOutEvent(store: ObjectStore, event: WebhookEvent, now: number): Promise<string[]> {
  const endpoints = (await listWebhookEndpoints(store, event.tenantId)).filter((endpoint) => endpoint.events.includes(event.type));
  for (const endpoint of endpoints) {
    await createDeliveryRecord(store, { id: event.id, endpointId: endpoint.id, tenantId: event.tenantId, url: endpoint.url, event, state: "pending", attempts: [], nextAttemptAt: new Date(now).toISOString() });
    await addOutboxDelivery(store, { tenantId: event.tenantId, endpointId: endpoint.id, deliveryId: event.id, dueAt: now });
  }
  await store.delete(keys.webhookOutboxEvent(event.id));
  return endpoints.map((endpoint) => endpoint.id);
}
