/**
 * Which usage objects a query over a time range reads, for an engine that reads objects itself
 * (DuckDB over the store). A compacted hour is read from its Parquet object, plus any raw object
 * its marker does not list (a batch that landed after compaction); an hour never compacted is read
 * from its raw objects. No raw object is read beside the Parquet that holds it, so compaction cuts
 * the bytes read and nothing is read twice; the SQL's dedupe on id still covers a record replayed
 * into two objects.
 */
import type { UsageQueryScope } from "#core/billing/usage-query-engine.ts";
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { usageSources } from "#core/usage/usage-record.ts";
import { readCompactionMarker } from "./compaction-marker.ts";
import { listRawUsage } from "./raw-usage-objects.ts";

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

export async function planUsageRead(store: ObjectStore, scope: UsageQueryScope, sources: readonly string[] = usageSources): Promise<UsageReadPlan> {
  const plan: UsageReadPlan = { parquet: [], raw: [] };
  for (const source of sources) {
    for (const hour of hoursIn(scope)) {
      const raw = await listRawUsage(store, keys.usageHour(source, hour));
      const marker = await readCompactionMarker(store, source, hour);
      const held = new Map((marker?.objects ?? []).map((o) => [o.key, o.etag]));
      if (marker !== undefined) plan.parquet.push(marker.parquet.key);
      plan.raw.push(...raw.filter((o) => held.get(o.key) !== o.etag).map((o) => o.key));
    }
  }
  return plan;
}
