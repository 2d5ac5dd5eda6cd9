/**
 * Webhook endpoints, one JSON record each at `webhooks/<tenant>/endpoints/<id>.json`.
 * The signing secret is stored as issued, unlike API and stream keys: HMAC signing needs the raw
 * secret on every delivery, so a hash would be useless. It lives outside every served prefix and is
 * shown to the tenant once, at creation.
 */
import { z } from "zod";
import type { Clock, Random } from "../clock.ts";
import { base64url } from "../crypto/bytes.ts";
import { TributaryError } from "../errors.ts";
import { refuseTargetUrl, type OutboundPolicy } from "../net/outbound-target.ts";
import { readJson, updateJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { newId } from "../records/ids.ts";
import { webhookEventTypeSchema } from "./events.ts";

export const webhookEndpointSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  url: z.url({ protocol: /^https?$/ }),
  events: z.array(webhookEventTypeSchema).min(1),
  secret: z.string(),
  createdAt: z.string(),
});
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;

interface Context {
  store: ObjectStore;
  clock: Clock;
  random: Random;
}

const strictTargets: OutboundPolicy = { allowPrivateTargets: false };

/**
 * Throws `request.invalid` (an issue at `url` naming the rule) when `url`'s host is an IP literal the
 * policy forbids. Names pass here: they are resolved and checked on every connect.
 */
export function assertWebhookTarget(url: string, policy: OutboundPolicy): void {
  const refusal = refuseTargetUrl(url, policy);
  if (refusal === undefined) return;
  throw new TributaryError("request.invalid", `webhook url refused: ${refusal.message}`, {
    details: { issues: [{ path: "url", code: "forbidden_target", message: refusal.message }] },
  });
}

/**
 * Creates an endpoint with a fresh `whsec_` secret; the result is the only time the secret is shown.
 * `policy` decides which targets may be registered (default: public addresses only).
 */
export async function createWebhookEndpoint(ctx: Context, tenantId: string, input: Pick<WebhookEndpoint, "url" | "events">, policy: OutboundPolicy = strictTargets): Promise<WebhookEndpoint> {
  assertWebhookTarget(input.url, policy);
  const id = newId(ctx.clock, ctx.random);
  const endpoint: WebhookEndpoint = {
    id,
    tenantId,
    url: input.url,
    events: [...new Set(input.events)],
    secret: `whsec_${base64url(ctx.random.bytes(32))}`,
    createdAt: new Date(ctx.clock.now()).toISOString(),
  };
  await updateJson(
    ctx.store,
    keys.webhookEndpoint(tenantId, id),
    (current) => {
      if (current !== undefined) throw new TributaryError("record.conflict", "endpoint id collision");
      return endpoint;
    },
    { schema: webhookEndpointSchema },
  );
  return endpoint;
}

export async function getWebhookEndpoint(store: ObjectStore, tenantId: string, endpointId: string): Promise<WebhookEndpoint | undefined> {
  return (await readJson(store, keys.webhookEndpoint(tenantId, endpointId), webhookEndpointSchema))?.value;
}

/** Every endpoint of the tenant (a tenant has few; the list pages through all of them). */
export async function listWebhookEndpoints(store: ObjectStore, tenantId: string): Promise<WebhookEndpoint[]> {
  const prefix = keys.webhookEndpoints(tenantId);
  const endpoints: WebhookEndpoint[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ prefix, ...(cursor === undefined ? {} : { cursor }) });
    for (const object of page.objects) {
      const endpoint = (await readJson(store, object.key, webhookEndpointSchema))?.value;
      if (endpoint !== undefined) endpoints.push(endpoint);
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return endpoints;
}

export async function deleteWebhookEndpoint(store: ObjectStore, tenantId: string, endpointId: string): Promise<void> {
  if ((await getWebhookEndpoint(store, tenantId, endpointId)) === undefined) {
    throw new TributaryError("request.not_found", "webhook endpoint not found", { details: { endpointId } });
  }
  await store.delete(keys.webhookEndpoint(tenantId, endpointId));
}

/** The endpoint as the API shows it after creation: everything but the secret. */
export function publicEndpoint(endpoint: WebhookEndpoint): Omit<WebhookEndpoint, "secret"> {
  const { secret: _secret, ...rest } = endpoint;
  return rest;
}
