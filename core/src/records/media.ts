/**
 * Media ownership: `media-records/<mediaId>.json` says which tenant a media id belongs to, so the API
 * mints playback tokens only for the caller's own media. Whoever creates media (the relay on publish,
 * a VOD job) registers it first.
 */
import { TributaryError } from "../errors.ts";
import { readJson, updateJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { mediaRecordSchema, type MediaRecord } from "./schemas.ts";

/** Records the owner of a media id; re-registering for the same tenant is fine, another tenant is refused. */
export async function registerMedia(store: ObjectStore, record: MediaRecord): Promise<MediaRecord> {
  const { value } = await updateJson(
    store,
    keys.mediaRecord(record.id),
    (current) => {
      if (current !== undefined && current.tenantId !== record.tenantId) {
        throw new TributaryError("record.conflict", "media id belongs to another tenant", { details: { mediaId: record.id } });
      }
      return current ?? record;
    },
    { schema: mediaRecordSchema },
  );
  return value;
}

/** The tenant's media record, or `undefined` when unknown or another tenant's. */
export async function getMedia(store: ObjectStore, tenantId: string, mediaId: string): Promise<MediaRecord | undefined> {
  const document = await readJson(store, keys.mediaRecord(mediaId), mediaRecordSchema);
  return document?.value.tenantId === tenantId ? document.value : undefined;
}
