/**
 * `/usage` and `/invoices/{yyyy-mm}`: the tenant's metered quantities and priced invoice lines, each
 * with the SQL that produced it; `/admin/usage` and `/admin/invoices/{yyyy-mm}` are the operator's
 * view over every tenant, and `/admin/price-books/{tenantId}` sets what a tenant pays. Usage and invoices answer CSV to `Accept: text/csv`. The tenant always comes from the API
 * key, never from the query string.
 */
import { Hono, type Context } from "hono";
import { TributaryError } from "#core/errors.ts";
import { invoiceCsv, usageCsv } from "#core/billing/csv.ts";
import { allInvoices, tenantInvoice, type Invoice, type InvoiceDeps } from "#core/billing/invoice.ts";
import { defaultPriceBook, priceBookFor, priceBookSchema, putPriceBook } from "#core/billing/price-book.ts";
import type { UsageQueryEngine } from "#core/billing/usage-query-engine.ts";
import { usageSql, type TenantFilter } from "#core/billing/usage-sql.ts";
import { getTenant, LOCAL_TENANT_ID } from "#core/records/tenants.ts";
import type { ApiDeps } from "./api-deps.ts";
import { requireOperator, requireScope, tenantOf, type ApiEnv } from "./auth.ts";
import { monthSchema, usageQuerySchema } from "./usage-schemas.ts";
import { jsonBody, parseWith, query } from "./validation.ts";

/** The longest range one usage query may cover. */
const MAX_RANGE_MS = 400 * 86_400_000;

function engineOf(deps: ApiDeps): UsageQueryEngine {
  if (deps.usageEngine === undefined) {
    throw new TributaryError("usage.engine_unavailable", "usage queries need a query engine: this edge has none (run the Node edge, which embeds DuckDB, or configure Athena)");
  }
  return deps.usageEngine;
}

const wantsCsv = (c: Context) => (c.req.header("accept") ?? "").toLowerCase().includes("text/csv");

function csvResponse(body: string, name: string): Response {
  return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}.csv"`, "cache-control": "no-store" } });
}

async function usageAnswer(c: Context<ApiEnv>, deps: ApiDeps, tenant: TenantFilter): Promise<Response> {
  const params = query(c, usageQuerySchema);
  const groupBy = [...new Set(params.groupBy ?? [])];
  const { sql, scope } = usageSql({ tenant, from: params.from, to: params.to, granularity: params.granularity, groupBy });
  if (Date.parse(scope.to) - Date.parse(scope.from) > MAX_RANGE_MS) {
    throw new TributaryError("request.invalid", "usage range is too long", { details: { issues: [{ path: "to", code: "too_big", message: "a usage query covers at most 400 days" }] } });
  }
  const data = await engineOf(deps).run(sql, scope);
  if (wantsCsv(c)) return csvResponse(usageCsv(data), `usage-${scope.from.slice(0, 10)}`);
  return c.json({ from: scope.from, to: scope.to, granularity: params.granularity, groupBy, sql, data });
}

function invoiceDeps(deps: ApiDeps): InvoiceDeps {
  return { engine: engineOf(deps), priceBook: (tenantId) => priceBookFor(deps.store, tenantId, deps.defaultPrices ?? defaultPriceBook) };
}

const monthOf = (c: Context) => parseWith(monthSchema, c.req.param("month"), "month");

function invoicesAnswer(c: Context, month: string, invoices: Invoice[], single: boolean): Response {
  if (wantsCsv(c)) return csvResponse(invoiceCsv(invoices), `invoice-${month}`);
  return c.json(single ? invoices[0] : { month, data: invoices });
}

export function usageRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", requireScope("read"), (c) => usageAnswer(c, deps, { tenantId: tenantOf(c) }));
  return app;
}

export function invoiceRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/:month", requireScope("read"), async (c) => {
    const month = monthOf(c);
    return invoicesAnswer(c, month, [await tenantInvoice(invoiceDeps(deps), tenantOf(c), month)], true);
  });
  return app;
}

async function existingTenant(deps: ApiDeps, tenantId: string): Promise<string> {
  if ((await getTenant(deps, tenantId)) === undefined) throw new TributaryError("request.not_found", "tenant not found");
  return tenantId;
}

/** The operator's routes over every tenant. */
export function operatorUsageRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const operator = requireOperator(deps.operatorTenantId ?? LOCAL_TENANT_ID);
  app.get("/usage", operator, (c) => usageAnswer(c, deps, { allTenants: true }));
  app.get("/invoices/:month", operator, async (c) => {
    const month = monthOf(c);
    return invoicesAnswer(c, month, await allInvoices(invoiceDeps(deps), month), false);
  });
  app.get("/price-books/:tenantId", operator, async (c) => c.json(await priceBookFor(deps.store, await existingTenant(deps, c.req.param("tenantId")), deps.defaultPrices ?? defaultPriceBook)));
  app.put("/price-books/:tenantId", operator, async (c) => {
    const tenantId = await existingTenant(deps, c.req.param("tenantId"));
    return c.json(await putPriceBook(deps.store, tenantId, await jsonBody(c, priceBookSchema)));
  });
  return app;
}
