/** Markdown tables for bench output: every benchmark prints one, so results paste straight into docs. */

export type Cell = string | number | undefined;

/** Numbers to a few significant digits; missing values as "—". */
export function formatCell(value: Cell): string {
  if (value === undefined || (typeof value === "number" && Number.isNaN(value))) return "—";
  if (typeof value === "string") return value;
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function markdownTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cells = rows.map((row) => row.map(formatCell));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? "").length)));
  const line = (values: readonly string[]) => `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(headers), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n");
}

/** A table of plain records, one column per key of the first record (for benches that return rows as objects). */
export function recordsTable(records: readonly object[]): string {
  const first = records[0];
  if (first === undefined) return "(no rows)";
  const headers = Object.keys(first);
  return markdownTable(headers, records.map((r) => headers.map((h) => toCell((r as Record<string, unknown>)[h]))));
}

function toCell(value: unknown): Cell {
  if (value === undefined || value === null) return undefined;
  return typeof value === "number" || typeof value === "string" ? value : JSON.stringify(value);
}
