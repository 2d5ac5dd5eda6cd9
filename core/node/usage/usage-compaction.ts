/**
 * Compacts one source's hour of raw usage (gzip NDJSON under `usage/<source>/yyyy/mm/dd/hh/`) into one
 * Parquet object (`usage-compacted/<source>/yyyy/mm/dd/hh/records.parquet`) with DuckDB: every usage
 * column with its fixed type, one row per record id, sorted by `at` then id. The raw objects are
 * copied to a scratch folder and the Parquet is written there and then put through the ObjectStore,
 * so the filesystem store and S3 take the same path.
 *
 * Idempotent: the Parquet key is fixed per hour and its bytes depend only on the raw objects, so
 * running an hour again rewrites the same object. The marker (./compaction-marker.ts) is written
 * last and names the raw objects compacted; an hour whose raw objects still match it is skipped.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { TributaryError } from "#core/errors.ts";
import { keys } from "#core/storage/keys.ts";
import type { ObjectMetadata, ObjectStore } from "#core/storage/object-store.ts";
import { markerCovers, readCompactionMarker, type CompactionMarker } from "./compaction-marker.ts";
import { ndjsonColumnsArgument, quotedColumnList } from "./duckdb-usage-columns.ts";
import { listRawUsage } from "./raw-usage-objects.ts";

export const PARQUET_CONTENT_TYPE = "application/vnd.apache.parquet";

export interface CompactHourOptions {
  store: ObjectStore;
  source: string;
  /** Any instant in the hour. */
  hour: Date;
  /** Where scratch folders are made. @default the OS temp dir */
  workDir?: string;
}

export interface HourCompaction {
  source: string;
  /** ISO instant the hour starts. */
  hour: string;
  /** `compacted`: Parquet and marker written. `unchanged`: the marker already holds these raw objects. `empty`: no raw objects. */
  outcome: "compacted" | "unchanged" | "empty";
  records: number;
  rawObjects: number;
}

export async function compactHour(options: CompactHourOptions): Promise<HourCompaction> {
  const { store, source } = options;
  const hour = new Date(Math.floor(options.hour.getTime() / 3_600_000) * 3_600_000);
  const raw = await listRawUsage(store, keys.usageHour(source, hour));
  const result = { source, hour: hour.toISOString(), rawObjects: raw.length };
  if (raw.length === 0) return { ...result, outcome: "empty", records: 0 };
  const marker = await readCompactionMarker(store, source, hour);
  if (marker !== undefined && markerCovers(marker, raw)) return { ...result, outcome: "unchanged", records: marker.records };

  const scratch = await mkdtemp(join(options.workDir ?? tmpdir(), "usage-compaction-"));
  try {
    const files = await download(store, raw, scratch);
    const out = join(scratch, "records.parquet");
    const records = await writeParquet(files, out);
    const body = new Uint8Array(await readFile(out));
    const parquetKey = keys.usageCompacted(source, hour);
    const { etag } = await store.put(parquetKey, body, { contentType: PARQUET_CONTENT_TYPE });
    const next: CompactionMarker = {
      version: 1,
      source,
      hour: hour.toISOString(),
      records,
      objects: raw.map((o) => ({ key: o.key, etag: o.etag, size: o.size })),
      parquet: { key: parquetKey, etag, size: body.byteLength },
    };
    await store.put(keys.usageCompactedMarker(source, hour), JSON.stringify(next, null, 1), { contentType: "application/json" });
    return { ...result, outcome: "compacted", records };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Copies the raw objects to numbered files, in key order, so DuckDB's `filename` orders them. */
async function download(store: ObjectStore, raw: readonly ObjectMetadata[], dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const [index, object] of raw.entries()) {
    const stored = await store.get(object.key);
    if (stored === undefined) throw new TributaryError("storage.not_found", `usage object ${object.key} vanished during compaction`, { details: { key: object.key } });
    const file = join(dir, `${String(index).padStart(6, "0")}.ndjson.gz`);
    await pipeline(Readable.fromWeb(stored.body as NodeReadableStream<Uint8Array>), createWriteStream(file));
    files.push(file);
  }
  return files;
}

/** One row per id (the first copy in key order), sorted by time then id; returns the row count. */
async function writeParquet(files: readonly string[], out: string): Promise<number> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  const connection = await instance.connect();
  try {
    const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(", ");
    const columns = quotedColumnList();
    await connection.run(
      `COPY (
        SELECT ${columns} FROM (
          SELECT *, row_number() OVER (PARTITION BY "id" ORDER BY filename) AS copy
          FROM read_ndjson([${list}], columns = ${ndjsonColumnsArgument()}, format = 'newline_delimited', compression = 'gzip', filename = true)
        ) WHERE copy = 1 ORDER BY "at", "id"
      ) TO '${out.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd)`,
    );
    const count = await connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${out.replaceAll("'", "''")}')`);
    return Number(count.getRows()[0]?.[0] ?? 0);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
