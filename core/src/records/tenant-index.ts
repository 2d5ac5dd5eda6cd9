/**
 * Per-tenant index markers: an empty object at `tenants/<tid>/<kind>/<id>` for each record the tenant
 * owns, so listing is a prefix list of that tenant alone. Records are written before their marker and
 * removed before it, so a marker without a record is only ever a moment old and is skipped.
 */
import type { ObjectStore } from "../storage/object-store.ts";

export interface Page<T> {
  items: T[];
  /** Opaque; present when more items follow. */
  nextCursor?: string | undefined;
}

export const MAX_PAGE_SIZE = 100;

export async function addMarker(store: ObjectStore, markerKey: string): Promise<void> {
  await store.put(markerKey, "", { contentType: "application/octet-stream" });
}

/** One page of the ids under `prefix`, in creation order (ids sort by time). */
export async function listMarkerIds(store: ObjectStore, prefix: string, options: { cursor?: string | undefined; limit?: number | undefined }): Promise<Page<string>> {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), MAX_PAGE_SIZE);
  const page = await store.list({ prefix, limit, ...(options.cursor === undefined ? {} : { cursor: options.cursor }) });
  return { items: page.objects.map((object) => object.key.slice(prefix.length)), nextCursor: page.cursor };
}

/** Loads each id of a page, dropping ids whose record vanished in between. */
export async function loadPage<T>(ids: Page<string>, load: (id: string) => Promise<T | undefined>): Promise<Page<T>> {
  const loaded = await Promise.all(ids.items.map(load));
  return { items: loaded.filter((item): item is Awaited<T> => item !== undefined), nextCursor: ids.nextCursor };
}
