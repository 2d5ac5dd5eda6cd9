/**
 * Values that go into usage SQL text. Every value is validated against a narrow shape first and then
 * quoted, so nothing a caller sends can change the statement: ids are `[A-Za-z0-9_-]` only, instants
 * are re-formatted by `Date#toISOString` (the exact form every usage writer uses for `at`).
 */
import { TributaryError } from "../errors.ts";

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/** A SQL string literal: single quotes doubled (SQL-92; DuckDB and Trino read it alike). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A tenant id as a literal; refuses anything outside the id alphabet. */
export function sqlId(value: string, what: string): string {
  if (!ID.test(value)) throw new TributaryError("request.invalid", `invalid ${what}`, { details: { issues: [{ path: what, code: "invalid_string", message: "must be 1-64 of [A-Za-z0-9_-]" }] } });
  return sqlString(value);
}

/** An instant in the 24-character UTC form `at` is written in, so string order is time order. */
export function canonicalInstant(value: string, what: string): string {
  const parsed = ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(parsed)) throw new TributaryError("request.invalid", `invalid ${what}`, { details: { issues: [{ path: what, code: "invalid_format", message: "must be an ISO instant in UTC, e.g. 2026-12-01T00:00:00Z" }] } });
  return new Date(parsed).toISOString();
}

/** A double-quoted identifier: DuckDB and Trino both match it case-insensitively (and `at` is a DuckDB keyword). */
export function sqlColumn(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TypeError(`not a column name: ${name}`);
  return `"${name}"`;
}
