/** Usage rows (`/api/v1/usage`) as the columns uPlot draws: x in epoch seconds, one array per series. */
import type { UsageRow } from "./api-client.ts";

export const TIERS = ["SD", "HD", "UHD"] as const;

/** A bucket (`yyyy-mm-ddThh` or `yyyy-mm-dd`, UTC) as epoch seconds. */
export function bucketSeconds(bucket: string): number {
  return Date.parse(bucket.length === 13 ? `${bucket}:00:00Z` : `${bucket}T00:00:00Z`) / 1000;
}

const minutes = (ms: number) => ms / 60_000;
const gigabytes = (bytes: number) => bytes / 1e9;

/** Delivered minutes and egress GB per bucket, for rows without a grouping. */
export function totalsOverTime(rows: readonly UsageRow[]): { x: number[]; minutes: number[]; gigabytes: number[] } {
  const sorted = [...rows].sort((a, b) => a.bucket.localeCompare(b.bucket));
  return { x: sorted.map((r) => bucketSeconds(r.bucket)), minutes: sorted.map((r) => minutes(r.delivered_ms)), gigabytes: sorted.map((r) => gigabytes(r.egress_bytes)) };
}

/** Delivered minutes per bucket for each tier (rows grouped by tier); a tier absent from a bucket is 0. */
export function minutesByTier(rows: readonly UsageRow[]): { x: number[]; tiers: Record<(typeof TIERS)[number], number[]> } {
  const buckets = [...new Set(rows.map((r) => r.bucket))].sort();
  const index = new Map(buckets.map((b, i) => [b, i]));
  const tiers = Object.fromEntries(TIERS.map((t) => [t, buckets.map(() => 0)])) as Record<(typeof TIERS)[number], number[]>;
  for (const row of rows) {
    const series = tiers[row.tier as (typeof TIERS)[number]];
    const at = index.get(row.bucket);
    if (series !== undefined && at !== undefined) series[at] = (series[at] ?? 0) + minutes(row.delivered_ms);
  }
  return { x: buckets.map(bucketSeconds), tiers };
}

/** The `limit` media with the most delivered minutes (then egress), summed over every bucket. */
export function topMedia(rows: readonly UsageRow[], limit: number): { mediaId: string; minutes: number; gigabytes: number }[] {
  const totals = new Map<string, { ms: number; bytes: number }>();
  for (const row of rows) {
    const id = row.media_id ?? "";
    const total = totals.get(id) ?? { ms: 0, bytes: 0 };
    total.ms += row.delivered_ms;
    total.bytes += row.egress_bytes;
    totals.set(id, total);
  }
  return [...totals]
    .sort(([, a], [, b]) => b.ms - a.ms || b.bytes - a.bytes)
    .slice(0, limit)
    .map(([mediaId, t]) => ({ mediaId, minutes: minutes(t.ms), gigabytes: gigabytes(t.bytes) }));
}
