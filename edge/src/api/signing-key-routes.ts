/** `/signing-keys`: a tenant's own playback-token signing keys. The private JWK is in the create response only. */
import { Hono } from "hono";
import { createTenantSigningKey, listTenantSigningKeys, revokeTenantSigningKey } from "#core/records/tenant-signing-keys.ts";
import type { ApiDeps } from "./api-deps.ts";
import { signingKeyCreateSchema } from "./api-schemas.ts";
import { requireScope, tenantOf, type ApiEnv } from "./auth.ts";
import { idempotent } from "./idempotency.ts";
import { recordContext } from "./record-context.ts";
import { jsonBody } from "./validation.ts";

export function signingKeyRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const ctx = recordContext(deps);
  app.post("/", requireScope("admin"), (c) =>
    idempotent(c, deps, async () => {
      const { alg } = await jsonBody(c, signingKeyCreateSchema);
      const tenantId = tenantOf(c);
      // Tokens signed with this key must name the tenant (`tid`) and the playback audience; the edge
      // accepts them only for this tenant's own media and streams.
      return c.json({ ...(await createTenantSigningKey(ctx, tenantId, alg)), requiredClaims: { tid: tenantId, aud: "playback" } }, 201);
    }),
  );
  app.get("/", requireScope("read"), async (c) => c.json({ data: await listTenantSigningKeys(ctx, tenantOf(c)) }));
  app.delete("/:kid", requireScope("admin"), async (c) => {
    await revokeTenantSigningKey(ctx, tenantOf(c), c.req.param("kid"));
    return c.body(null, 204);
  });
  return app;
}
