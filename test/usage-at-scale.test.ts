// Billing's invoice and usage SQL across the at-scale path: compacting every closed hour changes
// nothing DuckDB answers (raw and Parquet side by side still count each record once), and the Athena
// adapter sends that same SQL text and maps Athena's answer back to the same rows.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { invoiceSql, usageSql, type UsageStatement } from "#core/billing/usage-sql.ts";
import type { UsageRow } from "#core/billing/usage-query-engine.ts";
import { AthenaUsageEngine } from "#core-node/billing/athena-usage-engine.ts";
import { DuckDbUsageEngine } from "#core-node/duckdb-usage-engine.ts";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { startAthenaServer, type AthenaServer } from "#core-node/testing/athena-server.ts";
import { TEST_CREDENTIALS } from "#core-node/testing/secrets-manager-server.ts";
import { sampleUsageRecords, writeUsage } from "#core-node/testing/usage-fixtures.ts";
import { compactClosedHours } from "#core-node/usage/usage-compaction-job.ts";

const statements: Record<string, UsageStatement> = {
  invoice: invoiceSql({ tenantId: "acme" }, "2026-12"),
  "hourly usage by tier": usageSql({ tenant: { tenantId: "acme" }, from: "2026-12-03T00:00:00Z", to: "2026-12-04T00:00:00Z", granularity: "hour", groupBy: ["tier", "media"] }),
  "operator invoice": invoiceSql({ allTenants: true }, "2026-12"),
};

let dir: string;
let store: FsObjectStore;
let athena: AthenaServer;
const raw = new Map<string, UsageRow[]>();

async function runAll(engineDir: string): Promise<Map<string, UsageRow[]>> {
  const engine = new DuckDbUsageEngine({ store, dir: join(dir, engineDir) });
  try {
    const answers = new Map<string, UsageRow[]>();
    for (const [name, statement] of Object.entries(statements)) answers.set(name, await engine.run(statement.sql, statement.scope));
    return answers;
  } finally {
    await engine.close();
  }
}

/** A row as Athena's text cells: labels lower-cased, numbers and booleans printed, NULL absent. */
function athenaScript(rows: UsageRow[]) {
  const names = Object.keys(rows[0] ?? {});
  const type = (name: string) => {
    const value = rows.map((r) => r[name]).find((v) => v !== null);
    return typeof value === "number" || (typeof value === "string" && /^\d+$/.test(value) && name !== "bucket") ? "bigint" : typeof value === "boolean" ? "boolean" : "varchar";
  };
  return { columns: names.map((name) => ({ name: name.toLowerCase(), type: type(name) })), rows: rows.map((r) => names.map((name) => (r[name] === null ? null : String(r[name])))) };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-at-scale-"));
  store = new FsObjectStore({ root: join(dir, "store"), durable: false });
  const clock = new ManualClock(Date.UTC(2026, 11, 3, 10, 15));
  const records = sampleUsageRecords();
  await writeUsage(store, clock, records);
  // The same records again from another instance: a replayed batch.
  await writeUsage(store, clock, records.slice(0, 10), "replay");
  for (const [name, rows] of await runAll("raw")) raw.set(name, rows);
  athena = await startAthenaServer();
});

afterAll(async () => {
  await athena.close();
  await rm(dir, { recursive: true, force: true });
});

describe("usage at scale", () => {
  it("compacting every closed hour leaves every DuckDB answer unchanged", async () => {
    const results = await compactClosedHours({ store, clock: new ManualClock(Date.UTC(2026, 11, 4, 0, 0)), policy: { graceMs: 15 * 60_000, lookbackHours: 24 } });
    expect(results.filter((r) => r.outcome === "compacted").length).toBeGreaterThanOrEqual(2);
    expect(raw.get("invoice")?.length).toBeGreaterThan(0);
    const compacted = await runAll("compacted");
    for (const name of Object.keys(statements)) expect(compacted.get(name), name).toEqual(raw.get(name));
  });

  it("the compacted Parquet alone reproduces every answer: compaction loses nothing billing reads", async () => {
    // The fixture is a few dozen objects: one list page.
    for (const object of (await store.list({ prefix: "usage/" })).objects) await store.delete(object.key);
    expect((await store.list({ prefix: "usage/" })).objects).toEqual([]);
    const parquetOnly = await runAll("parquet-only");
    for (const name of Object.keys(statements)) expect(parquetOnly.get(name), name).toEqual(raw.get(name));
  });

  it("the Athena adapter sends billing's SQL text unchanged and returns the rows DuckDB returns", async () => {
    const engine = new AthenaUsageEngine({ region: "eu-west-1", workGroup: "tributary-dev-usage", database: "tributary_dev_usage", endpoint: athena.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1, sleep: async () => {} });
    try {
      for (const [name, statement] of Object.entries(statements)) {
        const expected = raw.get(name) ?? [];
        athena.script = () => athenaScript(expected);
        athena.requests.length = 0;
        expect(await engine.run(statement.sql, statement.scope), name).toEqual(expected);
        expect(athena.requests[0]?.body["QueryString"], name).toBe(statement.sql);
      }
    } finally {
      await engine.close();
    }
  });
});
