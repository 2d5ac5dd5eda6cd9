/** `live/<streamId>/origin.json`: written on publish so the edge routes to this relay without shared state. */
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { liveOriginSchema, type LiveOrigin } from "#core/records/schemas.ts";

export async function writeLivePointer(store: ObjectStore, pointer: LiveOrigin): Promise<void> {
  await store.put(keys.liveOrigin(pointer.streamId), JSON.stringify(liveOriginSchema.parse(pointer)), {
    contentType: "application/json",
    cacheControl: "no-store",
  });
}
