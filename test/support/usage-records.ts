/** Every usage record a source has written to the store, parsed against the record schema. */
import { gunzipSync } from "node:zlib";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { usageRecordSchema, type UsageRecord } from "#core/usage/usage-record.ts";

export async function usageRecords(store: ObjectStore, source: string): Promise<UsageRecord[]> {
  const records: UsageRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ prefix: `usage/${source}/`, ...(cursor === undefined ? {} : { cursor }) });
    for (const { key } of page.objects) {
      const body = new Uint8Array(await new Response((await store.get(key))?.body).arrayBuffer());
      for (const line of gunzipSync(body).toString().trimEnd().split("\n")) records.push(usageRecordSchema.parse(JSON.parse(line)));
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return records;
}
