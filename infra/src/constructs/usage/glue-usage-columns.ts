/**
 * The usage record's columns (#core/usage/usage-columns.ts) as the Glue Data Catalog and Athena name
 * them. Glue and Athena fold names to lower case; the JSON SerDe matches record fields and the
 * Parquet reader matches column names case-insensitively, so `mediaId` lands in `mediaid`.
 */
import { usageColumns, type UsageColumnType } from "#core/usage/usage-columns.ts";

/** Hive DDL types, what a Glue table's columns declare. */
export const HIVE_TYPES: Readonly<Record<UsageColumnType, string>> = {
  string: "string",
  bigint: "bigint",
  double: "double",
  boolean: "boolean",
  map: "map<string,string>",
};

/** Trino types, what an Athena view's definition declares. */
export const TRINO_TYPES: Readonly<Record<UsageColumnType, string>> = {
  string: "varchar",
  bigint: "bigint",
  double: "double",
  boolean: "boolean",
  map: "map(varchar,varchar)",
};

export interface GlueColumn {
  name: string;
  type: string;
}

export function glueColumns(types: Readonly<Record<UsageColumnType, string>> = HIVE_TYPES): GlueColumn[] {
  return usageColumns.map((column) => ({ name: column.name.toLowerCase(), type: types[column.type] }));
}
