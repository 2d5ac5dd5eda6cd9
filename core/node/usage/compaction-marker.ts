/**
 * The marker beside a compacted hour (`usage-compacted/<source>/yyyy/mm/dd/hh/_compacted.json`): the
 * raw objects, by key and etag, that the hour's Parquet object holds. It is written after the Parquet
 * object, so a marker always names Parquet that exists. Readers use it two ways: the compaction job
 * recompacts an hour whose raw objects no longer match it (a late batch arrived), and a reader over
 * raw and compacted hours skips exactly the raw objects the marker lists, so nothing counts twice.
 */
import { z } from "zod";
import { TributaryError } from "#core/errors.ts";
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";

export const compactionMarkerSchema = z.object({
  version: z.literal(1),
  source: z.string(),
  /** ISO instant the hour starts. */
  hour: z.iso.datetime(),
  /** Distinct records (by id) in the Parquet object. */
  records: z.number().int().nonnegative(),
  /** Raw objects the Parquet holds, sorted by key. */
  objects: z.array(z.object({ key: z.string(), etag: z.string(), size: z.number().int().nonnegative() })),
  parquet: z.object({ key: z.string(), etag: z.string(), size: z.number().int().nonnegative() }),
});

export type CompactionMarker = z.infer<typeof compactionMarkerSchema>;

/** The hour's marker, or `undefined` when the hour was never compacted. */
export async function readCompactionMarker(store: ObjectStore, source: string, hour: Date): Promise<CompactionMarker | undefined> {
  const key = keys.usageCompactedMarker(source, hour);
  const object = await store.get(key);
  if (object === undefined) return undefined;
  const parsed = compactionMarkerSchema.safeParse(JSON.parse(await new Response(object.body).text()));
  if (!parsed.success) throw new TributaryError("record.invalid", `compaction marker ${key} is not a marker`, { details: { key } });
  return parsed.data;
}

/** True when the marker holds exactly these raw objects (same keys, same etags). */
export function markerCovers(marker: CompactionMarker, objects: ReadonlyArray<{ key: string; etag: string }>): boolean {
  if (marker.objects.length !== objects.length) return false;
  const etags = new Map(marker.objects.map((o) => [o.key, o.etag]));
  return objects.every((o) => etags.get(o.key) === o.etag);
}
