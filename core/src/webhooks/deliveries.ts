/** Delivery records: one per (event, endpoint), every attempt appended, at `webhooks/<tenant>/deliveries/<endpointId>-<id>.json`. */
import { z } from "zod";
import { readJson, updateJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { webhookEventSchema } from "./events.ts";

export const deliveryAttemptSchema = z.object({
  at: z.string(),
  /** HTTP status, when a response arrived. */
  status: z.number().int().optional(),
  /** Why it failed without a response (timeout, refused connection). */
  error: z.string().max(500).optional(),
  durationMs: z.number().nonnegative(),
});

export const webhookDeliverySchema = z.object({
  id: z.string(),
  endpointId: z.string(),
  tenantId: z.string(),
  url: z.string(),
  event: webhookEventSchema,
  state: z.enum(["pending", "succeeded", "failed"]),
  attempts: z.array(deliveryAttemptSchema),
  nextAttemptAt: z.string().optional(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;
export type DeliveryAttempt = z.infer<typeof deliveryAttemptSchema>;

export async function saveDelivery(store: ObjectStore, delivery: WebhookDelivery): Promise<void> {
  await updateJson(store, keys.webhookDelivery(delivery.tenantId, delivery.endpointId, delivery.id), () => delivery, { schema: webhookDeliverySchema });
}

/** One page of an endpoint's deliveries, oldest first (delivery ids sort by time). */
export async function listDeliveries(
  store: ObjectStore,
  tenantId: string,
  endpointId: string,
  page: { cursor?: string | undefined; limit?: number | undefined } = {},
): Promise<{ items: WebhookDelivery[]; nextCursor?: string | undefined }> {
  const limit = Math.min(Math.max(page.limit ?? 20, 1), 100);
  const listed = await store.list({ prefix: keys.webhookDeliveries(tenantId, endpointId), limit, ...(page.cursor === undefined ? {} : { cursor: page.cursor }) });
  const items = await Promise.all(listed.objects.map(async (object) => (await readJson(store, object.key, webhookDeliverySchema))?.value));
  return { items: items.filter((item): item is WebhookDelivery => item !== undefined), nextCursor: listed.cursor };
}
