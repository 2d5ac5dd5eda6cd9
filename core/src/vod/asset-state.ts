/**
 * An uploaded asset's life: `created → uploading → queued → processing → ready | errored`. Every move
 * is a compare-and-swap update of `assets/<id>.json` that refuses to go backwards, so a late progress
 * write never undoes `ready`, and a finished asset stays finished. Reaching `ready` or `errored` puts
 * `asset.ready` / `asset.errored` in the webhook outbox, once.
 */
import { TributaryError } from "../errors.ts";
import { updateJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { assetRecordSchema, type AssetRecord, type AssetStatus } from "../records/schemas.ts";
import type { WebhookEventType } from "../webhooks/events.ts";

/** Where asset events go: the webhook dispatcher, or an outbox writer (outbox-events.ts) where none runs. */
export interface AssetEvents {
  enqueue(tenantId: string, type: WebhookEventType, data: Record<string, unknown>): unknown;
}

const ORDER: Readonly<Record<AssetStatus, number>> = { created: 0, uploading: 1, queued: 2, processing: 3, ready: 4, errored: 4 };

/** Whether an asset in `from` may move to `to`: forwards only, and never out of a finished state. `processing → processing` carries progress. */
export function canMove(from: AssetStatus, to: AssetStatus): boolean {
  if (ORDER[from] === 4) return false;
  return ORDER[to] > ORDER[from] || (from === "processing" && to === "processing") || (from === "uploading" && to === "uploading");
}

export type AssetChange = Partial<Pick<AssetRecord, "durationSeconds" | "renditions" | "downloads" | "storyboard" | "error" | "job">>;

/**
 * Moves the asset to `to` with `change` applied; returns the record, or `undefined` when the move is
 * not allowed from where the asset is now (it finished, or it is already further on).
 */
export async function moveAsset(store: ObjectStore, assetId: string, to: AssetStatus, change: AssetChange = {}, events?: AssetEvents): Promise<AssetRecord | undefined> {
  let moved = false;
  const { value } = await updateJson<AssetRecord>(
    store,
    keys.asset(assetId),
    (current) => {
      if (current === undefined) throw new TributaryError("request.not_found", "asset not found", { details: { assetId } });
      moved = canMove(current.status, to);
      return moved ? { ...current, ...change, status: to } : current;
    },
    { schema: assetRecordSchema },
  );
  if (!moved) return undefined;
  if (to === "ready") events?.enqueue(value.tenantId, "asset.ready", { assetId, mediaId: value.mediaId, durationSeconds: value.durationSeconds, renditions: value.renditions.map((r) => r.name) });
  if (to === "errored") events?.enqueue(value.tenantId, "asset.errored", { assetId, mediaId: value.mediaId, error: value.error });
  return value;
}

/** Marks the asset `errored` with an error a person can act on. */
export function failAsset(store: ObjectStore, assetId: string, error: { code: string; message: string }, events?: AssetEvents): Promise<AssetRecord | undefined> {
  return moveAsset(store, assetId, "errored", { error }, events);
}
