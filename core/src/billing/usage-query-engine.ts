/**
 * The port billing queries go through. One SQL text (./usage-sql.ts) runs on every engine: DuckDB
 * embedded over the store's usage objects, or Amazon Athena over the `usage/` prefix in S3. The SQL
 * reads one relation, `usage_records`, with the columns of ../usage/usage-columns.ts; each engine
 * decides what that relation is (raw gzip NDJSON hours, compacted Parquet hours, or both: queries
 * dedupe on record id, so an hour present in both forms is still counted once).
 */

/** The relation every usage query reads. */
export const USAGE_RELATION = "usage_records";

/** A result row: column name → value. Integers past 2^53 come back as decimal strings. */
export type UsageRow = Readonly<Record<string, string | number | boolean | null>>;

export interface UsageQueryEngine {
  readonly name: "duckdb" | "athena";
  /** Runs one query over `usage_records` and returns every row. */
  run(sql: string, scope: UsageQueryScope): Promise<UsageRow[]>;
}

/** The time range a query covers, so an engine reads only the hours it needs (partition pruning). */
export interface UsageQueryScope {
  /** ISO instant, inclusive. */
  readonly from: string;
  /** ISO instant, exclusive. */
  readonly to: string;
}
