// The DuckDB engine over real gzip NDJSON objects in a filesystem store, written by the usage sink:
// sums match the records, replayed batches and compacted copies count once, tenants stay apart.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { invoiceSql, usageSql } from "#core/billing/usage-sql.ts";
import { usageSources, type UsageRecord } from "#core/usage/usage-record.ts";
import { DuckDbUsageEngine } from "./duckdb-usage-engine.ts";
import { FsObjectStore } from "./fs-object-store.ts";
import { sampleUsageRecords, writeUsage } from "./testing/usage-fixtures.ts";
import { compactHour } from "./usage/usage-compaction.ts";

const clock = new ManualClock(Date.UTC(2026, 11, 3, 10, 15));

let dir: string;
let store: FsObjectStore;
let engine: DuckDbUsageEngine;

const writeFixture = (records: readonly UsageRecord[], instance?: string) => writeUsage(store, clock, records, instance);

const ms = (seconds: number | undefined) => Math.round((seconds ?? 0) * 1000);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "duckdb-usage-"));
  store = new FsObjectStore({ root: join(dir, "store"), durable: false });
  engine = new DuckDbUsageEngine({ store, dir: join(dir, "engine") });
});

afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe("DuckDbUsageEngine", () => {
  it("sums one tenant's hourly usage by tier from the sink's gzip NDJSON objects", async () => {
    const records = sampleUsageRecords();
    await writeFixture(records);
    const { sql, scope } = usageSql({ tenant: { tenantId: "acme" }, from: "2026-12-03T00:00:00Z", to: "2026-12-04T00:00:00Z", granularity: "hour", groupBy: ["tier"] });
    const rows = await engine.run(sql, scope);
    const acmeEdge = records.filter((r) => r.tenantId === "acme" && r.source === "edge");
    const expected = (hour: string, tier: string | undefined) => {
      const inCell = acmeEdge.filter((r) => r.at.slice(0, 13) === hour && r.tier === tier);
      return { requests: inCell.length, egress: inCell.reduce((s, r) => s + r.bytes, 0), delivered: inCell.filter((r) => r.tier !== undefined).reduce((s, r) => s + ms(r.mediaSeconds), 0) };
    };
    const cell = (hour: string, tier: string | null) => rows.find((r) => r["bucket"] === hour && r["tier"] === tier);
    for (const hour of ["2026-12-03T10", "2026-12-03T11"]) {
      for (const tier of ["HD", "SD"]) {
        const want = expected(hour, tier);
        expect(cell(hour, tier)).toMatchObject({ requests: want.requests, egress_bytes: want.egress, delivered_ms: want.delivered });
      }
    }
    // Manifest and audio bytes are egress but no delivered minutes; ingest and encode land in their hours.
    expect(cell("2026-12-03T10", null)).toMatchObject({ requests: 2, egress_bytes: 812, delivered_ms: 0, ingest_connected_ms: 60_000, ingest_media_ms: 59_500 });
    expect(cell("2026-12-03T11", "HD")).toMatchObject({ encoded_ms: 30_033 });
  });

  it("counts a replayed batch once, and bills compacted hours the same as raw ones", async () => {
    const records = sampleUsageRecords();
    await writeFixture(records);
    const { sql, scope } = invoiceSql({ tenantId: "acme" }, "2026-12");
    const before = await engine.run(sql, scope);
    // The same records again under new object keys, as a retried flush or a copied file would leave them.
    await writeFixture(records, "replay");
    // The compaction job turns each closed hour into Parquet; the engine then reads those hours from Parquet.
    for (const source of usageSources) for (const hour of [10, 11]) await compactHour({ store, source, hour: new Date(Date.UTC(2026, 11, 3, hour)), workDir: dir });
    const after = await engine.run(sql, scope);
    expect(after).toEqual(before);
    // With the raw objects gone the compacted hours alone bill the same: they are read, not ignored.
    const raw = (await store.list({ prefix: "usage/" })).objects;
    expect(raw.length).toBeGreaterThan(0);
    for (const { key } of raw) await store.delete(key);
    expect(await engine.run(sql, scope)).toEqual(before);
    const acme = records.filter((r) => r.tenantId === "acme");
    const egress = after.reduce((s, r) => s + Number(r["egress_bytes"]), 0);
    expect(egress).toBe(acme.filter((r) => r.source === "edge").reduce((s, r) => s + r.bytes, 0));
  });

  it("never returns another tenant's records, and the all-tenants view keeps them apart", async () => {
    const records = sampleUsageRecords();
    await writeFixture(records);
    const bravo = usageSql({ tenant: { tenantId: "bravo" }, from: "2026-12-01T00:00:00Z", to: "2027-01-01T00:00:00Z", granularity: "day", groupBy: ["media"] });
    const rows = await engine.run(bravo.sql, bravo.scope);
    const bravoBytes = records.filter((r) => r.tenantId === "bravo").reduce((s, r) => s + r.bytes, 0);
    expect(rows.reduce((s, r) => s + Number(r["egress_bytes"]), 0)).toBe(bravoBytes);
    const all = invoiceSql({ allTenants: true }, "2026-12");
    const byTenant = await engine.run(all.sql, all.scope);
    expect(new Set(byTenant.map((r) => r["tenant_id"]))).toEqual(new Set(["acme", "bravo"]));
    expect(byTenant.filter((r) => r["tenant_id"] === "bravo").reduce((s, r) => s + Number(r["egress_bytes"]), 0)).toBe(bravoBytes);
  });

  it("answers zero rows for hours with no objects", async () => {
    const { sql, scope } = usageSql({ tenant: { tenantId: "acme" }, from: "2025-01-01T00:00:00Z", to: "2025-01-02T00:00:00Z", granularity: "hour", groupBy: [] });
    expect(await engine.run(sql, scope)).toEqual([]);
  });
});
