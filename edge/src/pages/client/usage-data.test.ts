// The usage page's series: buckets in time order, tiers aligned on shared buckets, top media by minutes.
import { describe, expect, it } from "vitest";
import type { UsageRow } from "./api-client.ts";
import { bucketSeconds, minutesByTier, topMedia, totalsOverTime } from "./usage-data.ts";

const zero = { requests: 0, egress_bytes: 0, delivered_ms: 0, ingest_connected_ms: 0, ingest_media_ms: 0, transcoded_ms: 0, recorded_ms: 0, encoded_ms: 0, stored_byte_days: 0, stored_ms_days: 0 };
const row = (fields: Partial<UsageRow> & { bucket: string }): UsageRow => ({ ...zero, ...fields });

describe("usage series", () => {
  it("reads hour and day buckets as UTC epoch seconds", () => {
    expect(bucketSeconds("2026-12-03T10")).toBe(Date.UTC(2026, 11, 3, 10) / 1000);
    expect(bucketSeconds("2026-12-03")).toBe(Date.UTC(2026, 11, 3) / 1000);
  });

  it("orders totals by bucket in minutes and GB", () => {
    const series = totalsOverTime([row({ bucket: "2026-12-04", delivered_ms: 60_000, egress_bytes: 2e9 }), row({ bucket: "2026-12-03", delivered_ms: 120_000, egress_bytes: 1e9 })]);
    expect(series).toEqual({ x: [bucketSeconds("2026-12-03"), bucketSeconds("2026-12-04")], minutes: [2, 1], gigabytes: [1, 2] });
  });

  it("aligns tiers on every bucket, zero where a tier had nothing", () => {
    const { tiers } = minutesByTier([row({ bucket: "2026-12-03", tier: "HD", delivered_ms: 60_000 }), row({ bucket: "2026-12-04", tier: "SD", delivered_ms: 30_000 }), row({ bucket: "2026-12-04", tier: null })]);
    expect(tiers).toEqual({ SD: [0, 0.5], HD: [1, 0], UHD: [0, 0] });
  });

  it("ranks media by delivered minutes over the whole range", () => {
    const rows = [row({ bucket: "a", media_id: "m1", delivered_ms: 60_000 }), row({ bucket: "b", media_id: "m2", delivered_ms: 90_000 }), row({ bucket: "b", media_id: "m1", delivered_ms: 60_000 })];
    expect(topMedia(rows, 1)).toEqual([{ mediaId: "m1", minutes: 2, gigabytes: 0 }]);
  });
});
