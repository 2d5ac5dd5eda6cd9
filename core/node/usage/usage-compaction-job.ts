/**
 * The compaction job: every closed hour in the lookback window, for every source, becomes Parquet
 * (./usage-compaction.ts). An hour is closed once its end plus `graceMs` has passed, so batches
 * still in a writer's buffer (one flush interval) and records filed late under the hour they describe
 * land before it is compacted; one that lands later still makes the hour's raw objects differ from
 * its marker, and the next run compacts the hour again.
 */
import type { Clock } from "#core/clock.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { usageSources } from "#core/usage/usage-record.ts";
import { compactHour, type HourCompaction } from "./usage-compaction.ts";

const HOUR_MS = 3_600_000;

/** When hours close and how far back the job looks: data, validated once. */
export interface CompactionPolicy {
  /** Wait after an hour ends before compacting it; longer than the sinks' flush interval. */
  readonly graceMs: number;
  /** Hours before now the job revisits, so late batches are folded in. */
  readonly lookbackHours: number;
}

export const COMPACTION_DEFAULTS: CompactionPolicy = { graceMs: 15 * 60_000, lookbackHours: 48 };

export interface CompactionJobOptions {
  store: ObjectStore;
  clock: Clock;
  policy?: CompactionPolicy;
  sources?: readonly string[];
  workDir?: string;
}

/** The closed hours of the lookback window, oldest first. */
export function closedHours(now: number, policy: CompactionPolicy): Date[] {
  if (!(policy.graceMs >= 0) || !Number.isInteger(policy.lookbackHours) || policy.lookbackHours < 1) throw new TypeError("compaction policy needs graceMs >= 0 and lookbackHours >= 1");
  // The newest hour whose end + grace is at or before now.
  const newest = Math.floor((now - policy.graceMs) / HOUR_MS) * HOUR_MS - HOUR_MS;
  return Array.from({ length: policy.lookbackHours }, (_, i) => new Date(newest - (policy.lookbackHours - 1 - i) * HOUR_MS));
}

/** Runs one pass; returns what happened to every hour that had raw objects. */
export async function compactClosedHours(options: CompactionJobOptions): Promise<HourCompaction[]> {
  const results: HourCompaction[] = [];
  for (const hour of closedHours(options.clock.now(), options.policy ?? COMPACTION_DEFAULTS)) {
    for (const source of options.sources ?? usageSources) {
      const result = await compactHour({ store: options.store, source, hour, ...(options.workDir !== undefined ? { workDir: options.workDir } : {}) });
      if (result.outcome !== "empty") results.push(result);
    }
  }
  return results;
}
