/** Listing usage folders across every list page: raw usage objects (gzip NDJSON) sorted by key, or everything under a prefix. */
import type { ObjectMetadata, ObjectStore } from "#core/storage/object-store.ts";

export async function listObjects(store: ObjectStore, prefix: string): Promise<ObjectMetadata[]> {
  const objects: ObjectMetadata[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ prefix, ...(cursor !== undefined ? { cursor } : {}) });
    objects.push(...page.objects);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return objects;
}

export async function listRawUsage(store: ObjectStore, hourPrefix: string): Promise<ObjectMetadata[]> {
  const objects = (await listObjects(store, hourPrefix)).filter((o) => o.key.endsWith(".ndjson.gz"));
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
