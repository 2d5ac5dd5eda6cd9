/**
 * The usage columns (#core/usage/usage-columns.ts) in DuckDB's terms: the `columns` argument that
 * makes `read_ndjson` produce every column with a fixed type, whether or not a file's records carry
 * the field, so raw NDJSON hours and compacted Parquet hours have one schema and UNION by name.
 */
import { usageColumns, type UsageColumnType } from "#core/usage/usage-columns.ts";

export const DUCKDB_TYPES: Readonly<Record<UsageColumnType, string>> = {
  string: "VARCHAR",
  bigint: "BIGINT",
  double: "DOUBLE",
  boolean: "BOOLEAN",
  // CMCD values are strings, numbers or booleans; as map values they are kept as their text.
  map: "MAP(VARCHAR, VARCHAR)",
};

/** `{'id': 'VARCHAR', 'at': 'VARCHAR', …}` for `read_ndjson(…, columns = …)`. Keys are quoted: `at` is a DuckDB keyword. */
export function ndjsonColumnsArgument(): string {
  return `{${usageColumns.map((column) => `'${column.name}': '${DUCKDB_TYPES[column.type]}'`).join(", ")}}`;
}

/** The column list in schema order, each quoted (`"at"`, `"mediaId"`). */
export function quotedColumnList(): string {
  return usageColumns.map((column) => `"${column.name}"`).join(", ");
}
