/** `/assets`: the tenant's VOD assets and recordings, read-only here. */
import { Hono } from "hono";
import { TributaryError } from "#core/errors.ts";
import { getAsset, listAssets } from "#core/records/assets.ts";
import type { AssetRecord } from "#core/records/schemas.ts";
import type { ApiDeps } from "./api-deps.ts";
import { pageQuerySchema } from "./api-schemas.ts";
import { requireScope, tenantOf, type ApiEnv } from "./auth.ts";
import { query } from "./validation.ts";

/** The tenant is implied and job internals stay private. */
function assetView(asset: AssetRecord): Omit<AssetRecord, "tenantId" | "job"> {
  const { tenantId: _tenantId, job: _job, ...view } = asset;
  return view;
}

export function assetRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", requireScope("read"), async (c) => {
    const page = await listAssets(deps, tenantOf(c), query(c, pageQuerySchema));
    return c.json({ data: page.items.map(assetView), ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) });
  });
  app.get("/:id", requireScope("read"), async (c) => {
    const asset = await getAsset(deps, tenantOf(c), c.req.param("id"));
    if (asset === undefined) throw new TributaryError("request.not_found", "asset not found");
    return c.json(assetView(asset));
  });
  return app;
}
