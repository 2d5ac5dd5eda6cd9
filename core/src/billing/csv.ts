/** CSV (RFC 4180) for usage rows and invoice lines: CRLF line ends, fields quoted when they need it. */
import type { Invoice } from "./invoice.ts";
import type { UsageRow } from "./usage-query-engine.ts";

type Cell = string | number | boolean | null | undefined;

function field(value: Cell): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}

/** Usage rows under their column names (the first row's, in order). */
export function usageCsv(rows: readonly UsageRow[], columns: readonly string[] = Object.keys(rows[0] ?? {})): string {
  return csv(columns, rows.map((row) => columns.map((c) => row[c])));
}

const invoiceColumns = ["tenant_id", "month", "currency", "product", "tier", "description", "quantity", "unit", "unit_price_micros", "amount_micros", "measure", "base_quantity", "base_unit", "sql"] as const;

/** One line per invoice line, every invoice's lines in one table. */
export function invoiceCsv(invoices: readonly Invoice[]): string {
  const rows = invoices.flatMap((invoice) =>
    invoice.lines.map((l) => [invoice.tenantId, invoice.month, invoice.currency, l.product, l.tier, l.description, l.quantity, l.unit, l.unitPriceMicros, l.amountMicros, l.source.measure, l.source.baseQuantity, l.source.baseUnit, l.source.sql]),
  );
  return csv(invoiceColumns, rows);
}
