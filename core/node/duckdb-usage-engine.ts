/**
 * Node: the embedded usage query engine. DuckDB (`@duckdb/node-api`) reads the gzip NDJSON usage
 * objects and any compacted Parquet hours straight from a local mirror of the store (usage-mirror.ts)
 * as the `usage_records` relation, then runs the portable SQL of core/src/billing/usage-sql.ts. Each
 * query gets its own connection, so its view of the files it needs is its own.
 *
 * Memory is bounded by `memoryLimit` (DuckDB spills aggregations to `spillDirectory` past it), so an
 * invoice over a month of records runs in a fixed budget.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { USAGE_RELATION, type UsageQueryEngine, type UsageQueryScope, type UsageRow } from "#core/billing/usage-query-engine.ts";
import { sqlString } from "#core/billing/sql-literals.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { usageColumns } from "#core/usage/usage-columns.ts";
import { UsageMirror, type MirroredUsage } from "./usage-mirror.ts";
import { DUCKDB_TYPES, ndjsonColumnsArgument, quotedColumnList } from "./usage/duckdb-usage-columns.ts";

export interface DuckDbUsageEngineOptions {
  store: ObjectStore;
  /** Local working directory: the mirror of usage objects and DuckDB's spill files. */
  dir: string;
  /** DuckDB worker threads (default 2). */
  threads?: number;
  /** DuckDB's memory limit, e.g. `"512MB"` (default); larger aggregations spill to disk. */
  memoryLimit?: string;
}

const quoted = (name: string) => `"${name}"`;

/** The relation over the mirrored files: NDJSON and Parquet side by side (queries dedupe on id). */
export function usageRelationSql(files: MirroredUsage): string {
  const list = (paths: readonly string[]) => `[${paths.map(sqlString).join(", ")}]`;
  const columns = quotedColumnList();
  const empty = `SELECT ${usageColumns.map((c) => `CAST(NULL AS ${DUCKDB_TYPES[c.type]}) AS ${quoted(c.name)}`).join(", ")} WHERE false`;
  const casts = usageColumns.map((c) => `CAST(${quoted(c.name)} AS ${DUCKDB_TYPES[c.type]}) AS ${quoted(c.name)}`).join(", ");
  const parts = [
    ...(files.ndjson.length > 0 ? [`SELECT ${columns} FROM read_json(${list(files.ndjson)}, format = 'newline_delimited', compression = 'gzip', columns = ${ndjsonColumnsArgument()})`] : []),
    // A compacted file may leave out columns none of its records had: unioned by name with an empty
    // row set that has every column, those read as NULL.
    ...(files.parquet.length > 0 ? [`SELECT ${casts} FROM (${empty} UNION ALL BY NAME SELECT * FROM read_parquet(${list(files.parquet)}, union_by_name = true))`] : []),
  ];
  return parts.length > 0 ? parts.join("\nUNION ALL\n") : empty;
}

/** DuckDB values as `UsageRow` values: integers past 2^53 as decimal strings, JSON as text. */
function rowValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

export class DuckDbUsageEngine implements UsageQueryEngine {
  readonly name = "duckdb";
  readonly #options: DuckDbUsageEngineOptions;
  readonly #mirror: UsageMirror;
  #instance: Promise<DuckDBInstance> | undefined;

  constructor(options: DuckDbUsageEngineOptions) {
    this.#options = options;
    this.#mirror = new UsageMirror(options.store, join(options.dir, "objects"));
  }

  async run(sql: string, scope: UsageQueryScope): Promise<UsageRow[]> {
    const files = await this.#mirror.sync(scope);
    const connection = await (await this.#database()).connect();
    try {
      await connection.run(`CREATE TEMP VIEW ${USAGE_RELATION} AS ${usageRelationSql(files)}`);
      return await rows(connection, sql);
    } finally {
      connection.closeSync();
    }
  }

  /** Releases the database; the engine may not be used after. */
  async close(): Promise<void> {
    const instance = this.#instance;
    this.#instance = undefined;
    if (instance !== undefined) (await instance).closeSync();
  }

  #database(): Promise<DuckDBInstance> {
    this.#instance ??= (async () => {
      const spill = join(this.#options.dir, "spill");
      await mkdir(spill, { recursive: true });
      return DuckDBInstance.create(":memory:", {
        threads: String(this.#options.threads ?? 2),
        memory_limit: this.#options.memoryLimit ?? "512MB",
        temp_directory: spill,
        // The engine reads local files it mirrored itself; nothing is fetched or installed.
        autoinstall_known_extensions: "false",
        autoload_known_extensions: "false",
      });
    })();
    return this.#instance;
  }
}

async function rows(connection: DuckDBConnection, sql: string): Promise<UsageRow[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, rowValue(v)])));
}
