/** VOD asset records (`assets/<id>.json`) with a per-tenant index; the transcoder writes them with `saveAsset`. */
import { readJson, updateJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { RecordContext } from "./context.ts";
import { assetRecordSchema, type AssetRecord, type AssetRecordInput } from "./schemas.ts";
import { addMarker, listMarkerIds, loadPage, type Page } from "./tenant-index.ts";

/** Creates or replaces an asset with compare-and-swap, and indexes it under its tenant. */
export async function saveAsset(ctx: Pick<RecordContext, "store">, asset: AssetRecordInput): Promise<AssetRecord> {
  const { value } = await updateJson(ctx.store, keys.asset(asset.id), () => assetRecordSchema.parse(asset), { schema: assetRecordSchema });
  await addMarker(ctx.store, keys.tenantAsset(asset.tenantId, asset.id));
  return value;
}

/** The tenant's asset, or `undefined` when missing or another tenant's. */
export async function getAsset(ctx: Pick<RecordContext, "store">, tenantId: string, assetId: string): Promise<AssetRecord | undefined> {
  const document = await readJson(ctx.store, keys.asset(assetId), assetRecordSchema);
  return document?.value.tenantId === tenantId ? document.value : undefined;
}

export async function listAssets(ctx: Pick<RecordContext, "store">, tenantId: string, page: { cursor?: string | undefined; limit?: number | undefined } = {}): Promise<Page<AssetRecord>> {
  const ids = await listMarkerIds(ctx.store, keys.tenantAssets(tenantId), page);
  return loadPage(ids, (id) => getAsset(ctx, tenantId, id));
}
