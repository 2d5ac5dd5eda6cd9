/** The raw usage objects (gzip NDJSON) of one hour folder, sorted by key, across every list page. */
import type { ObjectMetadata, ObjectStore } from "#core/storage/object-store.ts";

export async function listRawUsage(store: ObjectStore, hourPrefix: string): Promise<ObjectMetadata[]> {
  const objects: ObjectMetadata[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ prefix: hourPrefix, ...(cursor !== undefined ? { cursor } : {}) });
    objects.push(...page.objects.filter((o) => o.key.endsWith(".ndjson.gz")));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
