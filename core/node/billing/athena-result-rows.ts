/**
 * Athena's result pages (GetQueryResults) as usage rows. Athena returns every value as text
 * (`VarCharValue`, absent for NULL) with the column's Trino type beside it; the column types here are
 * the usage columns' portable types (../../src/usage/usage-columns.ts), so a row reads the same as
 * DuckDB's: integers as numbers (decimal strings past 2^53), doubles as numbers, booleans as booleans.
 *
 * Trino folds unquoted and quoted identifiers to lower case, so `sum(bytes) AS deliveredBytes` comes
 * back labelled `deliveredbytes`. Labels are restored to the spelling the SQL text (or the usage
 * schema) uses, so both engines return the same keys for the same SQL.
 */
import type { ColumnInfo, Row } from "@aws-sdk/client-athena";
import type { UsageRow } from "#core/billing/usage-query-engine.ts";
import { usageColumns, type UsageColumnType } from "#core/usage/usage-columns.ts";

/** Trino type names (ColumnInfo.Type) → the usage columns' portable types. Anything else stays text. */
const TRINO_TYPES: Readonly<Record<string, UsageColumnType>> = {
  varchar: "string",
  char: "string",
  tinyint: "bigint",
  smallint: "bigint",
  integer: "bigint",
  bigint: "bigint",
  real: "double",
  double: "double",
  float: "double",
  boolean: "boolean",
  map: "map",
};

export interface ResultColumn {
  readonly name: string;
  readonly type: UsageColumnType;
}

/** The result's columns, named as the SQL spells them and typed by Athena's metadata. */
export function resultColumns(info: readonly ColumnInfo[], sql: string): ResultColumn[] {
  const spellings = identifierSpellings(sql);
  return info.map((column) => {
    const label = column.Label ?? column.Name ?? "";
    return { name: spellings.get(label.toLowerCase()) ?? label, type: TRINO_TYPES[(column.Type ?? "varchar").toLowerCase()] ?? "string" };
  });
}

/**
 * Rows of one result page. For a SELECT, Athena's first page starts with a header row holding the
 * column labels; `first` says this is that page, and the header is dropped when it matches.
 */
export function pageRows(rows: readonly Row[], columns: readonly ResultColumn[], info: readonly ColumnInfo[], first: boolean): UsageRow[] {
  const body = first && rows.length > 0 && isHeader(rows[0] as Row, info) ? rows.slice(1) : rows;
  return body.map((row) => {
    const data = row.Data ?? [];
    const out: Record<string, string | number | boolean | null> = {};
    columns.forEach((column, index) => {
      out[column.name] = typedValue(data[index]?.VarCharValue, column.type);
    });
    return out;
  });
}

function isHeader(row: Row, info: readonly ColumnInfo[]): boolean {
  const data = row.Data ?? [];
  return data.length === info.length && info.every((column, index) => data[index]?.VarCharValue === (column.Label ?? column.Name));
}

export function typedValue(text: string | undefined, type: UsageColumnType): string | number | boolean | null {
  if (text === undefined) return null;
  switch (type) {
    case "bigint": {
      const value = Number(text);
      return Number.isSafeInteger(value) ? value : text;
    }
    case "double":
      // Trino prints non-finite doubles as NaN / Infinity, which Number() reads.
      return Number(text);
    case "boolean":
      return text === "true";
    case "string":
    case "map":
      return text;
  }
}

/** Lower-cased identifier → the spelling the SQL text (or the usage schema) gives it. */
function identifierSpellings(sql: string): Map<string, string> {
  const spellings = new Map<string, string>(usageColumns.map((column) => [column.name.toLowerCase(), column.name]));
  for (const match of sql.matchAll(/"((?:[^"]|"")+)"|\b([A-Za-z_][A-Za-z0-9_]*)\b/g)) {
    const name = match[1] !== undefined ? match[1].replaceAll('""', '"') : (match[2] as string);
    // Lower-case spellings add nothing; the first mixed-case one wins, so a column keeps the schema's name.
    if (name !== name.toLowerCase() && !spellings.has(name.toLowerCase())) spellings.set(name.toLowerCase(), name);
  }
  return spellings;
}
