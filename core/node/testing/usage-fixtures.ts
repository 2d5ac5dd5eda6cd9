/** Test fixtures: usage records for two tenants, written as the sinks write them (gzip NDJSON objects). */
import type { Clock } from "#core/clock.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { UsageRecord } from "#core/usage/usage-record.ts";
import { NdjsonUsageSink } from "../usage-ndjson-sink.ts";

/** Edge segments and parts for `acme` and `bravo` on 2026-12-03 10:00-12:00 UTC, a manifest, an audio segment, an ingest interval and a VOD encode. */
export function sampleUsageRecords(): UsageRecord[] {
  const records: UsageRecord[] = [];
  for (let i = 0; i < 40; i++) {
    const tenantId = i % 4 === 0 ? "bravo" : "acme";
    const hour = i < 20 ? 10 : 11;
    records.push({ id: `seg-${i}`, at: new Date(Date.UTC(2026, 11, 3, hour, i)).toISOString(), source: "edge", tenantId, mediaId: `m${i % 3}`, kind: i % 5 === 0 ? "part" : "segment", rendition: i % 2 === 0 ? "720p" : "360p", tier: i % 2 === 0 ? "HD" : "SD", bytes: 1000 + i * 7, mediaSeconds: 2.002, status: 200, cacheHit: false, country: i % 3 === 0 ? "DE" : "US" });
  }
  records.push({ id: "man-1", at: "2026-12-03T10:30:00.000Z", source: "edge", tenantId: "acme", mediaId: "m0", kind: "manifest", bytes: 512, status: 200 });
  records.push({ id: "aud-1", at: "2026-12-03T10:31:00.000Z", source: "edge", tenantId: "acme", mediaId: "m0", kind: "segment", rendition: "audio", bytes: 300, mediaSeconds: 2 });
  records.push({ id: "ing-1", at: "2026-12-03T10:00:00.000Z", source: "relay", tenantId: "acme", mediaId: "m0", streamId: "s1", kind: "ingest", bytes: 0, mediaSeconds: 59.5, connectedSeconds: 60 });
  records.push({ id: "enc-1", at: "2026-12-03T11:00:00.000Z", source: "vod", tenantId: "acme", mediaId: "m2", kind: "encode", rendition: "720p", tier: "HD", bytes: 5000, mediaSeconds: 30.0334 });
  return records;
}

/** Writes `records` through the NDJSON sinks (edge records as the edge, the rest as the relay), in batches of `batch`. */
export async function writeUsage(store: ObjectStore, clock: Clock, records: readonly UsageRecord[], instance = "a", batch = 7): Promise<void> {
  for (const source of ["edge", "relay"] as const) {
    const sink = new NdjsonUsageSink({ store, clock, instance: `${source}-${instance}`, maxRecords: batch, flushIntervalMs: 3_600_000 });
    for (const record of records.filter((r) => (r.source === "edge") === (source === "edge"))) sink.record(record);
    await sink.close();
  }
}
