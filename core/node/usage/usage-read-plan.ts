/**
 * Which usage objects a query over a time range reads, for an engine that reads objects itself
 * (DuckDB over the store). A compacted hour is read from its Parquet object, plus any raw object
 * its marker does not list (a batch that landed after compaction); an hour never compacted is read
 * from its raw objects. No raw object is read beside the Parquet that holds it, so compaction cuts
 * the bytes read and nothing is read twice; the SQL's dedupe on id still covers a record replayed
 * into two objects. Folders are listed a day at a time, in parallel: a month is a few hundred lists,
 * not one per hour.
 */
import type { UsageQueryScope } from "#core/billing/usage-query-engine.ts";
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { usageSources } from "#core/usage/usage-record.ts";
import { readCompactionMarker } from "./compaction-marker.ts";
import { listObjects, listRawUsage } from "./raw-usage-objects.ts";

const HOUR_MS = 3_600_000;

export interface UsageReadPlan {
  /** Compacted hours' Parquet object keys. */
  readonly parquet: string[];
  /** Raw gzip NDJSON object keys not held by any of those. */
  readonly raw: string[];
}

/** Hour starts from the hour holding `from` up to (not including) `to`. */
export function hoursIn(scope: UsageQueryScope): Date[] {
  const to = Date.parse(scope.to);
  const hours: Date[] = [];
  for (let hour = Math.floor(Date.parse(scope.from) / HOUR_MS) * HOUR_MS; hour < to; hour += HOUR_MS) hours.push(new Date(hour));
  return hours;
}

/** The day folder above an hour folder or a file in one (`…/yyyy/mm/dd/hh/x` → `…/yyyy/mm/dd/`). */
const dayFolder = (key: string) => key.replace(/\d{2}\/[^/]*$/, "");
const folderOf = (key: string) => key.slice(0, key.lastIndexOf("/") + 1);
const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function planSource(store: ObjectStore, source: string, hours: readonly Date[]): Promise<UsageReadPlan> {
  const hourFolders = new Set(hours.map((h) => keys.usageHour(source, h)));
  const markerHours = new Map(hours.map((h) => [keys.usageCompactedMarker(source, h), h]));
  const [raw, compacted] = await Promise.all([
    Promise.all([...new Set([...hourFolders].map(dayFolder))].map((day) => listRawUsage(store, day))),
    Promise.all([...new Set([...markerHours.keys()].map(dayFolder))].map((day) => listObjects(store, day))),
  ]);
  const markerKeys = compacted.flat().map((o) => o.key).filter((key) => markerHours.has(key)).sort(byKey);
  const markers = await Promise.all(markerKeys.map((key) => readCompactionMarker(store, source, markerHours.get(key) as Date)));
  const held = new Map(markers.flatMap((m) => m?.objects ?? []).map((o) => [o.key, o.etag]));
  return {
    parquet: markers.flatMap((m) => (m === undefined ? [] : [m.parquet.key])),
    raw: raw.flat().filter((o) => hourFolders.has(folderOf(o.key)) && held.get(o.key) !== o.etag).map((o) => o.key).sort(byKey),
  };
}

export async function planUsageRead(store: ObjectStore, scope: UsageQueryScope, sources: readonly string[] = usageSources): Promise<UsageReadPlan> {
  const hours = hoursIn(scope);
  const plans = await Promise.all(sources.map((source) => planSource(store, source, hours)));
  return { parquet: plans.flatMap((p) => p.parquet), raw: plans.flatMap((p) => p.raw) };
}
