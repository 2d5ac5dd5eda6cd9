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

/** Removes the tenant's asset: its packaged media, its record and its index marker. */
export async function deleteAsset(ctx: Pick<RecordContext, "store">, tenantId: string, assetId: string): Promise<boolean> {
  const asset = await getAsset(ctx, tenantId, assetId);
  if (asset === undefined) return false;
  let cursor: string | undefined;
  do {
    const page = await ctx.store.list({ prefix: keys.mediaPrefix(asset.mediaId), ...(cursor === undefined ? {} : { cursor }) });
    for (const object of page.objects) await ctx.store.delete(object.key);
    cursor = page.cursor;
  } while (cursor !== undefined);
  await ctx.store.delete(keys.asset(assetId));
  await ctx.store.delete(keys.tenantAsset(tenantId, assetId));
  return true;
}
