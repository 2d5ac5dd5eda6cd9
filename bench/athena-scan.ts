/**
 * Athena scan benchmark: the bytes Athena would scan (and bill, at $5 per TB) for the invoice query
 * over one generated day (bench/usage/usage-day.ts), from raw gzip NDJSON and from the compacted
 * Parquet the compaction job writes (core/node/usage/usage-compaction.ts).
 *
 * Athena reads a gzip NDJSON object whole, so the raw figure is the size of every object in the day's
 * partitions. From Parquet it reads only the column chunks of the columns the query names, plus each
 * file's footer: the compacted figure sums those chunks from DuckDB's `parquet_metadata`. A full day
 * matches every row group, so no statistics pruning is assumed. `BENCH_USAGE_RECORDS` sets the edge
 * records generated (default 1 M, `--quick` 100 k); figures are also scaled linearly to 10 M records,
 * the billing bench's busy day.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { compactHour } from "#core-node/usage/usage-compaction.ts";
import { layout } from "#core/platform/layout.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { usageColumns } from "#core/usage/usage-columns.ts";
import { BENCH_DAY, writeUsageDay } from "./usage/usage-day.ts";

/** The invoice's shape, when billing's own SQL (core/src/billing/usage-sql.ts) is not in this tree. */
export const INVOICE_SQL_FALLBACK = `WITH ranked AS (
  SELECT *, row_number() OVER (PARTITION BY id ORDER BY "at") AS copy FROM usage_records
  WHERE "at" >= '2026-12-01T00:00:00.000Z' AND "at" < '2027-01-01T00:00:00.000Z' AND "tenantId" = 'acme'
)
SELECT kind, tier, "mediaType", sum(bytes) AS bytes, sum("mediaSeconds") AS "mediaSeconds", sum("connectedSeconds") AS "connectedSeconds", count(*) AS records
FROM ranked WHERE copy = 1 GROUP BY kind, tier, "mediaType"`;

/** Billing's invoice SQL for the bench tenant's month, or the fallback shape. */
async function invoiceSql(): Promise<{ sql: string; from: string }> {
  const specifier = "#core/billing/usage-sql.ts";
  try {
    const billing = (await import(specifier)) as { invoiceSql(tenant: { tenantId: string }, month: string): { sql: string } };
    return { sql: billing.invoiceSql({ tenantId: "acme" }, "2026-12").sql, from: "invoiceSql() of core/src/billing/usage-sql.ts" };
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ERR_MODULE_NOT_FOUND") throw error;
    return { sql: INVOICE_SQL_FALLBACK, from: "the bench's fallback invoice shape" };
  }
}

const TARGET_RECORDS = 10_000_000;
const DOLLARS_PER_BYTE = 5 / 1e12;

export interface AthenaScanRow {
  layout: string;
  objects: number;
  records: number;
  /** Bytes Athena reads for the query over the day. */
  scannedMB: number;
  bytesPerRecord: number;
  /** The same, scaled to a 10 M-record day. */
  scannedMBAt10M: number;
  /** A 30-day month of such days, at $5 per TB. */
  dollarsPerMonthAt10M: number;
}

/** The usage columns a SQL text names (case-insensitively, as Athena resolves them). */
export function referencedColumns(sql: string): string[] {
  return usageColumns.map((c) => c.name).filter((name) => new RegExp(`\\b${name}\\b`, "i").test(sql));
}

async function listSizes(store: ObjectStore, prefix: string, suffix: string): Promise<Array<{ key: string; size: number }>> {
  const found: Array<{ key: string; size: number }> = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ prefix, ...(cursor !== undefined ? { cursor } : {}) });
    found.push(...page.objects.filter((o) => o.key.endsWith(suffix)).map((o) => ({ key: o.key, size: o.size })));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return found;
}

/** Column chunks of `columns` plus footers, over every Parquet file. */
async function parquetScanBytes(store: ObjectStore, objects: ReadonlyArray<{ key: string; size: number }>, dir: string, columns: readonly string[]): Promise<number> {
  const files: string[] = [];
  for (const [i, object] of objects.entries()) {
    const stored = await store.get(object.key);
    const file = join(dir, `${i}.parquet`);
    await writeFile(file, new Uint8Array(await new Response(stored?.body).arrayBuffer()));
    files.push(file);
  }
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const list = files.map((f) => `'${f}'`).join(", ");
    const reader = await connection.runAndReadAll(`SELECT split_part(path_in_schema, ',', 1) AS col, sum(total_compressed_size)::BIGINT AS bytes FROM parquet_metadata([${list}]) GROUP BY 1`);
    const byColumn = new Map(reader.getRows().map((row) => [String(row[0]), Number(row[1])]));
    const allChunks = [...byColumn.values()].reduce((a, b) => a + b, 0);
    const footers = objects.reduce((sum, o) => sum + o.size, 0) - allChunks;
    return columns.reduce((sum, c) => sum + (byColumn.get(c) ?? 0), 0) + footers;
  } finally {
    connection.closeSync();
  }
}

function row(layoutName: string, objects: number, records: number, bytes: number): AthenaScanRow {
  const scale = TARGET_RECORDS / records;
  return {
    layout: layoutName,
    objects,
    records,
    scannedMB: bytes / 1e6,
    bytesPerRecord: bytes / records,
    scannedMBAt10M: (bytes * scale) / 1e6,
    dollarsPerMonthAt10M: bytes * scale * 30 * DOLLARS_PER_BYTE,
  };
}

export async function runAthenaScanBench(options: { quick: boolean; log?: (line: string) => void }): Promise<{ rows: AthenaScanRow[]; notes: string[] }> {
  const log = options.log ?? (() => {});
  const edgeRecords = Number(process.env["BENCH_USAGE_RECORDS"] ?? (options.quick ? 100_000 : 1_000_000));
  const dir = await mkdtemp(join(tmpdir(), "bench-athena-scan-"));
  try {
    const store = new FsObjectStore({ root: join(dir, "store"), durable: false });
    let began = performance.now();
    const day = await writeUsageDay(store, edgeRecords);
    log(`athena-scan: wrote ${day.records} records in ${day.rawObjects} objects (${((performance.now() - began) / 1000).toFixed(1)} s)`);
    began = performance.now();
    for (let hour = 0; hour < 24; hour++) {
      for (const source of ["edge", "relay"]) await compactHour({ store, source, hour: new Date(BENCH_DAY.getTime() + hour * 3_600_000), workDir: dir });
    }
    const compactSeconds = (performance.now() - began) / 1000;
    log(`athena-scan: compacted 24 hours in ${compactSeconds.toFixed(1)} s`);

    const raw = await listSizes(store, layout.usage.prefix, ".ndjson.gz");
    const parquet = await listSizes(store, layout.usageCompacted.prefix, ".parquet");
    const invoice = await invoiceSql();
    const columns = referencedColumns(invoice.sql);
    const parquetBytes = await parquetScanBytes(store, parquet, dir, columns);
    const parquetWhole = parquet.reduce((sum, o) => sum + o.size, 0);
    const rows = [
      row("raw gzip NDJSON (whole objects)", raw.length, day.records, raw.reduce((sum, o) => sum + o.size, 0)),
      row(`compacted Parquet (${columns.length} of ${usageColumns.length} columns + footers)`, parquet.length, day.records, parquetBytes),
      row("compacted Parquet (every column)", parquet.length, day.records, parquetWhole),
    ];
    const notes = [
      `Invoice query (${invoice.from}) columns: ${columns.join(", ")}. Compaction of the day took ${compactSeconds.toFixed(1)} s (${Math.round(day.records / compactSeconds)} records/s, one DuckDB thread).`,
      `Raw/compacted scan ratio: ${((rows[0]?.scannedMB ?? 0) / (rows[1]?.scannedMB ?? 1)).toFixed(1)}×. The usage_records view also reads the raw hours of its recent window (72 h by default) whole, compacted or not.`,
    ];
    return { rows, notes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
