import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { UsageRecord } from "#core/usage/usage-record.ts";
import { FsObjectStore } from "../fs-object-store.ts";
import { ndjsonColumnsArgument, quotedColumnList } from "./duckdb-usage-columns.ts";
import { compactHour } from "./usage-compaction.ts";
import { hoursIn, planUsageRead } from "./usage-read-plan.ts";

const H10 = new Date("2026-12-03T10:00:00.000Z");
const H11 = new Date("2026-12-03T11:00:00.000Z");
const SCOPE = { from: "2026-12-03T10:00:00.000Z", to: "2026-12-03T12:00:00.000Z" };

const record = (id: string, hour: Date, bytes: number): UsageRecord => ({ id, at: new Date(hour.getTime() + 60_000).toISOString(), source: "edge", tenantId: "t1", mediaId: "m1", kind: "segment", bytes });

let dir: string;
let store: ObjectStore;

async function putRaw(hour: Date, instance: string, records: UsageRecord[]): Promise<void> {
  await store.put(keys.usage("edge", hour, instance, 0), gzipSync(records.map((r) => JSON.stringify(r)).join("\n")));
}

/** Total bytes over the plan's objects, read as DuckDB reads them: raw and Parquet unioned by name, deduped on id. */
async function billedBytes(plan: { parquet: string[]; raw: string[] }): Promise<number> {
  const local = async (key: string, index: number) => {
    const object = await store.get(key);
    const file = join(dir, `${index}-${key.split("/").at(-1) ?? ""}`);
    await writeFile(file, new Uint8Array(await new Response(object?.body).arrayBuffer()));
    return `'${file}'`;
  };
  const parquet = await Promise.all(plan.parquet.map(local));
  const raw = await Promise.all(plan.raw.map((key, i) => local(key, 1000 + i)));
  const parts = [
    ...(parquet.length > 0 ? [`SELECT ${quotedColumnList()} FROM read_parquet([${parquet.join(", ")}])`] : []),
    ...(raw.length > 0 ? [`SELECT ${quotedColumnList()} FROM read_ndjson([${raw.join(", ")}], columns = ${ndjsonColumnsArgument()})`] : []),
  ];
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const sql = `SELECT sum(bytes) FROM (SELECT *, row_number() OVER (PARTITION BY id) AS copy FROM (${parts.join(" UNION ALL BY NAME ")})) WHERE copy = 1`;
  const total = Number((await connection.runAndReadAll(sql)).getRows()[0]?.[0]);
  connection.closeSync();
  return total;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-read-plan-"));
  store = new FsObjectStore({ root: join(dir, "store"), durable: false });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("planUsageRead", () => {
  it("reads a compacted hour from Parquet only, an open hour from raw, and a late batch beside the Parquet", async () => {
    await putRaw(H10, "edge-a", [record("a", H10, 100), record("b", H10, 20)]);
    await putRaw(H11, "edge-a", [record("c", H11, 3)]);
    expect(await billedBytes(await planUsageRead(store, SCOPE, ["edge"]))).toBe(123);

    await compactHour({ store, source: "edge", hour: H10 });
    const compacted = await planUsageRead(store, SCOPE, ["edge"]);
    expect(compacted).toEqual({ parquet: [keys.usageCompacted("edge", H10)], raw: [keys.usage("edge", H11, "edge-a", 0)] });
    expect(await billedBytes(compacted)).toBe(123);

    // A late batch replays "b" and adds "d": read beside the Parquet, and "b" still counts once.
    await putRaw(H10, "edge-b", [record("b", H10, 20), record("d", H10, 4000)]);
    const late = await planUsageRead(store, SCOPE, ["edge"]);
    expect(late.raw).toEqual([keys.usage("edge", H10, "edge-b", 0), keys.usage("edge", H11, "edge-a", 0)]);
    expect(await billedBytes(late)).toBe(4123);
  });

  it("covers every hour the scope touches", () => {
    expect(hoursIn({ from: "2026-12-03T10:30:00.000Z", to: "2026-12-03T12:00:00.000Z" }).map((h) => h.toISOString())).toEqual(["2026-12-03T10:00:00.000Z", "2026-12-03T11:00:00.000Z"]);
  });
});
