/**
 * Invoices: a month's metered quantities (./usage-sql.ts `invoiceSql`) priced with the tenant's
 * price book. Every line says which result row and column of which SQL it came from, so anyone can
 * rerun the query over the raw records and get the same quantity; the amount is that quantity times
 * the unit price, rounded by the one rule in ./money.ts.
 */
import { resolutionTiers, type ResolutionTier } from "../usage/usage-record.ts";
import { decimalString, divideRoundHalfUp, safeNumber } from "./money.ts";
import type { PriceBook } from "./price-book.ts";
import type { UsageQueryEngine, UsageRow } from "./usage-query-engine.ts";
import { invoiceSql, monthScope, type TenantFilter, type UsageMeasure } from "./usage-sql.ts";

export type InvoiceProduct = "delivery" | "egress" | "storage" | "vod_encoding" | "live_encoding" | "ingest";

export interface InvoiceLine {
  product: InvoiceProduct;
  tier?: ResolutionTier;
  description: string;
  /** Quantity in `unit`, a decimal to 9 places (exact for bytes; `source.baseQuantity` is exact for all). */
  quantity: string;
  unit: "minute" | "GB" | "minute-month";
  unitPriceMicros: number;
  amountMicros: number;
  /** Where the quantity came from: the column summed, its integer value in base units, and the result rows of `sql` it adds up. */
  source: { measure: UsageMeasure; baseQuantity: string; baseUnit: "ms" | "byte" | "ms-day"; rows: { tier: string | null; tenant_id?: string }[]; sql: string };
}

export interface Invoice {
  tenantId: string;
  /** `yyyy-mm`. */
  month: string;
  currency: string;
  lines: InvoiceLine[];
  totalMicros: number;
}

interface Product {
  product: InvoiceProduct;
  measure: UsageMeasure;
  description: string;
  unit: InvoiceLine["unit"];
  baseUnit: InvoiceLine["source"]["baseUnit"];
  /** Base units in one priced unit, for a month of `days` days. */
  basePerUnit: (days: number) => bigint;
  /** Per-tier products price each tier; the others sum every row. */
  price: (book: PriceBook, tier: ResolutionTier) => number;
  tiered: boolean;
}

const MINUTE_MS = 60_000n;

const products: readonly Product[] = [
  { product: "delivery", measure: "delivered_ms", description: "Video delivered", unit: "minute", baseUnit: "ms", basePerUnit: () => MINUTE_MS, price: (b, t) => b.deliveredMinute[t], tiered: true },
  { product: "egress", measure: "egress_bytes", description: "Edge egress", unit: "GB", baseUnit: "byte", basePerUnit: () => 1_000_000_000n, price: (b) => b.egressGigabyte, tiered: false },
  { product: "storage", measure: "stored_ms_days", description: "Media stored (daily average)", unit: "minute-month", baseUnit: "ms-day", basePerUnit: (days) => MINUTE_MS * BigInt(days), price: (b) => b.storedMinute, tiered: false },
  { product: "vod_encoding", measure: "encoded_ms", description: "VOD encoding", unit: "minute", baseUnit: "ms", basePerUnit: () => MINUTE_MS, price: (b, t) => b.encodedMinute[t], tiered: true },
  { product: "live_encoding", measure: "transcoded_ms", description: "Live transcoding", unit: "minute", baseUnit: "ms", basePerUnit: () => MINUTE_MS, price: (b, t) => b.encodedMinute[t], tiered: true },
  { product: "ingest", measure: "ingest_connected_ms", description: "Live ingest (connected)", unit: "minute", baseUnit: "ms", basePerUnit: () => MINUTE_MS, price: (b) => b.ingestMinute, tiered: false },
];

/** Records without a tier (a rendition the writer could not size) are priced at the lowest tier. */
const tierOf = (row: UsageRow): ResolutionTier => (resolutionTiers as readonly unknown[]).includes(row["tier"]) ? (row["tier"] as ResolutionTier) : "SD";

const sourceRow = (row: UsageRow) => ({ tier: (row["tier"] ?? null) as string | null, ...(row["tenant_id"] === undefined ? {} : { tenant_id: String(row["tenant_id"]) }) });

const integer = (value: UsageRow[string] | undefined): bigint => (value === null || value === undefined ? 0n : BigInt(value as string | number));

function daysIn(month: string): number {
  const { from, to } = monthScope(month);
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

function line(product: Product, tier: ResolutionTier | undefined, rows: readonly UsageRow[], book: PriceBook, days: number, sql: string): InvoiceLine | undefined {
  const base = rows.reduce((sum, row) => sum + integer(row[product.measure]), 0n);
  if (base === 0n) return undefined;
  const unitPrice = product.price(book, tier ?? "SD");
  const perUnit = product.basePerUnit(days);
  return {
    product: product.product,
    ...(tier === undefined ? {} : { tier }),
    description: tier === undefined ? product.description : `${product.description}, ${tier}`,
    quantity: decimalString(base, perUnit, 9),
    unit: product.unit,
    unitPriceMicros: unitPrice,
    amountMicros: safeNumber(divideRoundHalfUp(base * BigInt(unitPrice), perUnit)),
    source: { measure: product.measure, baseQuantity: base.toString(), baseUnit: product.baseUnit, rows: rows.map(sourceRow), sql },
  };
}

/** Prices one tenant's invoice rows (the rows of `invoiceSql` for that tenant). */
export function priceInvoice(tenantId: string, month: string, rows: readonly UsageRow[], book: PriceBook, sql: string): Invoice {
  const days = daysIn(month);
  const lines: InvoiceLine[] = [];
  for (const product of products) {
    if (!product.tiered) {
      const priced = line(product, undefined, rows, book, days, sql);
      if (priced) lines.push(priced);
      continue;
    }
    for (const tier of resolutionTiers) {
      const priced = line(product, tier, rows.filter((r) => tierOf(r) === tier), book, days, sql);
      if (priced) lines.push(priced);
    }
  }
  return { tenantId, month, currency: book.currency, lines, totalMicros: lines.reduce((sum, l) => sum + l.amountMicros, 0) };
}

export interface InvoiceDeps {
  engine: UsageQueryEngine;
  priceBook: (tenantId: string) => Promise<PriceBook>;
}

/** One tenant's invoice for `month` (`yyyy-mm`). */
export async function tenantInvoice(deps: InvoiceDeps, tenantId: string, month: string): Promise<Invoice> {
  const { sql, scope } = invoiceSql({ tenantId }, month);
  const rows = await deps.engine.run(sql, scope);
  return priceInvoice(tenantId, month, rows, await deps.priceBook(tenantId), sql);
}

/** Every tenant's invoice for `month`, from one query; each priced with its own book. */
export async function allInvoices(deps: InvoiceDeps, month: string): Promise<Invoice[]> {
  const filter: TenantFilter = { allTenants: true };
  const { sql, scope } = invoiceSql(filter, month);
  const rows = await deps.engine.run(sql, scope);
  const tenants = [...new Set(rows.map((r) => String(r["tenant_id"])))].sort();
  return Promise.all(tenants.map(async (tenantId) => priceInvoice(tenantId, month, rows.filter((r) => r["tenant_id"] === tenantId), await deps.priceBook(tenantId), sql)));
}
