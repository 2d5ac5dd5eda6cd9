/**
 * The usage record as table columns, for the query engines (DuckDB's read_ndjson columns, the Glue
 * table Athena reads). Every field of the record must have a column: the mapped type below fails to
 * compile when the schema gains a field this list lacks.
 *
 * `at` stays a string column on purpose. Every writer formats it with `toISOString()` (24 characters,
 * UTC), so range filters compare strings and hour or day buckets are `substr(at, 1, 13)` or
 * `substr(at, 1, 10)`: the same SQL text on DuckDB and on Athena (Trino), with no timestamp dialects.
 */
import type { UsageRecord } from "./usage-record.ts";

/** Portable column types: each engine maps them to its own names. */
export type UsageColumnType = "string" | "bigint" | "double" | "boolean" | "map";

const columnTypes: { readonly [K in keyof UsageRecord]-?: UsageColumnType } = {
  id: "string",
  at: "string",
  source: "string",
  tenantId: "string",
  mediaId: "string",
  streamId: "string",
  kind: "string",
  rendition: "string",
  tier: "string",
  bytes: "bigint",
  mediaSeconds: "double",
  connectedSeconds: "double",
  mediaType: "string",
  status: "bigint",
  cacheHit: "boolean",
  country: "string",
  sessionId: "string",
  cmcd: "map",
};

export interface UsageColumn {
  readonly name: keyof UsageRecord;
  readonly type: UsageColumnType;
}

/** The columns in schema order. */
export const usageColumns: readonly UsageColumn[] = Object.entries(columnTypes).map(([name, type]) => ({ name: name as keyof UsageRecord, type }));
