/** `/webhooks`: endpoints (secret shown once on create) and each endpoint's delivery log. */
import { Hono } from "hono";
import { TributaryError } from "#core/errors.ts";
import { listDeliveries, type WebhookDelivery } from "#core/webhooks/deliveries.ts";
import { createWebhookEndpoint, deleteWebhookEndpoint, getWebhookEndpoint, listWebhookEndpoints, publicEndpoint } from "#core/webhooks/endpoints.ts";
import type { ApiDeps } from "./api-deps.ts";
import { pageQuerySchema, webhookCreateSchema } from "./api-schemas.ts";
import { requireScope, tenantOf, type ApiEnv } from "./auth.ts";
import { idempotent } from "./idempotency.ts";
import { recordContext } from "./record-context.ts";
import { jsonBody, query } from "./validation.ts";

function deliveryView(delivery: WebhookDelivery) {
  const { id, type, createdAt, data } = delivery.event;
  return { id: delivery.id, event: { id, type, createdAt, data }, state: delivery.state, attempts: delivery.attempts, ...(delivery.nextAttemptAt === undefined ? {} : { nextAttemptAt: delivery.nextAttemptAt }) };
}

function endpointView(endpoint: ReturnType<typeof publicEndpoint>) {
  return { id: endpoint.id, url: endpoint.url, events: endpoint.events, createdAt: endpoint.createdAt };
}

export function webhookRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const ctx = recordContext(deps);
  app.post("/", requireScope("admin"), (c) =>
    idempotent(c, deps, async () => {
      const endpoint = await createWebhookEndpoint(ctx, tenantOf(c), await jsonBody(c, webhookCreateSchema), deps.webhookTargets);
      return c.json({ ...endpointView(endpoint), secret: endpoint.secret }, 201);
    }),
  );
  app.get("/", requireScope("read"), async (c) => c.json({ data: (await listWebhookEndpoints(deps.store, tenantOf(c))).map((e) => endpointView(publicEndpoint(e))) }));
  app.delete("/:id", requireScope("admin"), async (c) => {
    await deleteWebhookEndpoint(deps.store, tenantOf(c), c.req.param("id"));
    return c.body(null, 204);
  });
  app.get("/:id/deliveries", requireScope("read"), async (c) => {
    const endpointId = c.req.param("id");
    if ((await getWebhookEndpoint(deps.store, tenantOf(c), endpointId)) === undefined) throw new TributaryError("request.not_found", "webhook endpoint not found");
    const page = await listDeliveries(deps.store, tenantOf(c), endpointId, query(c, pageQuerySchema));
    return c.json({ data: page.items.map(deliveryView), ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) });
  });
  return app;
}
