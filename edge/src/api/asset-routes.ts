/** `/assets`: the tenant's VOD assets and recordings; ingest from a URL, caption tracks, and delete. */
import { Hono } from "hono";
import { publishCaptions } from "#core/captions/publish-captions.ts";
import { TributaryError } from "#core/errors.ts";
import { refuseTargetUrl } from "#core/net/outbound-target.ts";
import { deleteAsset, getAsset, listAssets } from "#core/records/assets.ts";
import type { AssetRecord } from "#core/records/schemas.ts";
import { createAsset } from "#core/vod/uploads.ts";
import type { ApiDeps } from "./api-deps.ts";
import { assetIngestSchema, captionAddSchema, pageQuerySchema } from "./api-schemas.ts";
import { requireScope, tenantOf, type ApiEnv } from "./auth.ts";
import { idempotent } from "./idempotency.ts";
import { recordContext } from "./record-context.ts";
import { vodOf } from "./upload-routes.ts";
import { jsonBody, query } from "./validation.ts";
import { defaultVodDefaults } from "./vod-deps.ts";

type AssetView = Omit<AssetRecord, "tenantId" | "job"> & { progress: number };

/** The tenant is implied and job internals stay private; progress is the job's share done. */
function assetView(asset: AssetRecord): AssetView {
  const { tenantId: _tenantId, job, ...view } = asset;
  return { ...view, progress: asset.status === "ready" ? 1 : (job?.progress ?? 0) };
}

function notFound(): TributaryError {
  return new TributaryError("request.not_found", "asset not found");
}

export function assetRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const ctx = recordContext(deps);
  app.get("/", requireScope("read"), async (c) => {
    const page = await listAssets(deps, tenantOf(c), query(c, pageQuerySchema));
    return c.json({ data: page.items.map(assetView), ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) });
  });
  app.get("/:id", requireScope("read"), async (c) => {
    const asset = await getAsset(deps, tenantOf(c), c.req.param("id"));
    if (asset === undefined) throw notFound();
    return c.json(assetView(asset));
  });
  // Ingest from a URL: the worker fetches it through the outbound-address guard; IP literals are refused here already.
  app.post("/", requireScope("write"), (c) =>
    idempotent(c, deps, async () => {
      const vod = vodOf(deps);
      const defaults = vod.defaults ?? defaultVodDefaults;
      const body = await jsonBody(c, assetIngestSchema);
      const refusal = refuseTargetUrl(body.url, { allowPrivateTargets: false, setting: "vod.allowPrivateSources", ...vod.sources });
      if (refusal !== undefined) throw new TributaryError("media.source_forbidden", `refused: ${refusal.message.replace("targets must", "sources must")}`);
      const asset = await createAsset(ctx, tenantOf(c), { name: body.name ?? (new URL(body.url).pathname.split("/").pop() || body.url), encryption: body.encryption });
      await vod.backend.submit({
        assetId: asset.id,
        tenantId: asset.tenantId,
        mediaId: asset.mediaId,
        source: { kind: "url", url: body.url },
        ladder: body.ladder,
        limits: { maxSizeBytes: body.maxSizeBytes ?? defaults.maxSizeBytes, maxDurationSeconds: body.maxDurationSeconds ?? defaults.maxDurationSeconds },
      });
      return c.json(assetView((await getAsset(deps, asset.tenantId, asset.id)) ?? asset), 201);
    }),
  );
  app.post("/:id/captions", requireScope("write"), async (c) => {
    const body = await jsonBody(c, captionAddSchema);
    const asset = await getAsset(deps, tenantOf(c), c.req.param("id"));
    if (asset === undefined) throw notFound();
    return c.json(assetView(await publishCaptions(ctx, asset, body)), 201);
  });
  app.delete("/:id", requireScope("write"), async (c) => {
    const tenantId = tenantOf(c);
    const asset = await getAsset(deps, tenantId, c.req.param("id"));
    if (asset === undefined) throw notFound();
    if (asset.kind === "upload" && deps.vod !== undefined) await deps.vod.backend.cancel(asset.id);
    await deleteAsset(deps, tenantId, asset.id);
    return c.body(null, 204);
  });
  return app;
}
