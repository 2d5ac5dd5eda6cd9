/** `/api-keys`: admin-only management of the tenant's API keys. The full key is in the create response only. */
import { Hono } from "hono";
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyRecord } from "#core/records/api-keys.ts";
import type { ApiDeps } from "./api-deps.ts";
import { apiKeyCreateSchema } from "./api-schemas.ts";
import { requireScope, tenantOf, type ApiEnv } from "./auth.ts";
import { idempotent } from "./idempotency.ts";
import { recordContext } from "./record-context.ts";
import { jsonBody } from "./validation.ts";

/** Everything but the hash. */
function apiKeyView(record: ApiKeyRecord): Omit<ApiKeyRecord, "hash"> {
  const { hash: _hash, ...view } = record;
  return view;
}

export function apiKeyRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const ctx = recordContext(deps);
  app.post("/", requireScope("admin"), (c) =>
    idempotent(c, deps, async () => {
      const body = await jsonBody(c, apiKeyCreateSchema);
      const created = await createApiKey(ctx, tenantOf(c), body);
      return c.json({ ...apiKeyView(created.record), key: created.key }, 201);
    }),
  );
  app.get("/", requireScope("admin"), async (c) => c.json({ data: (await listApiKeys(ctx, tenantOf(c))).map(apiKeyView) }));
  app.delete("/:id", requireScope("admin"), async (c) => {
    await revokeApiKey(ctx, tenantOf(c), c.req.param("id"));
    return c.body(null, 204);
  });
  return app;
}
