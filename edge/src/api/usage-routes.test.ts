// Usage and invoice routes over the real DuckDB engine: tenants see only their own records whatever
// the query string says, the operator sees everyone, CSV on request, and a clear 501 without an engine.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { putPriceBook } from "#core/billing/price-book.ts";
import { createTenant } from "#core/records/tenants.ts";
import { DuckDbUsageEngine } from "#core-node/duckdb-usage-engine.ts";
import { sampleUsageRecords, writeUsage } from "#core-node/testing/usage-fixtures.ts";
import { apiKit, json, type ApiKit } from "../testing/api-test-kit.ts";

const records = sampleUsageRecords();
const bytesOf = (tenantId: string) => records.filter((r) => r.tenantId === tenantId && r.source === "edge").reduce((s, r) => s + r.bytes, 0);
const DAY = "from=2026-12-03T00:00:00Z&to=2026-12-04T00:00:00Z";

let dir: string;
let engine: DuckDbUsageEngine;
let kit: ApiKit;
let operatorKey: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-routes-"));
  kit = await apiKit(undefined, (store) => {
    engine = new DuckDbUsageEngine({ store, dir });
    return { usageEngine: engine };
  });
  await writeUsage(kit.ctx.store, new ManualClock(Date.UTC(2026, 11, 3, 11)), records);
  operatorKey = (await createTenant(kit.ctx, { id: "local", name: "Platform" })).adminKey;
});

afterAll(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

type Rows = { data: Record<string, number | string | null>[]; sql: string };
const total = (rows: Rows["data"], column: string) => rows.reduce((s, r) => s + Number(r[column]), 0);

describe("GET /api/v1/usage", () => {
  it("answers the key's tenant only, ignoring tenant parameters forged into the query", async () => {
    for (const forged of ["", "&tenantId=bravo", "&tenant=bravo&tenantId=bravo&tenant_id=bravo", "&groupBy=media&tenantId=%27bravo%27"]) {
      const response = await kit.call(kit.acme, "GET", `/usage?${DAY}&granularity=day${forged}`);
      expect(response.status, forged).toBe(200);
      const body = (await response.json()) as Rows;
      expect(total(body.data, "egress_bytes"), forged).toBe(bytesOf("acme"));
      expect(body.sql).toContain(`"tenantId" = 'acme'`);
      expect(body.sql).not.toContain("bravo");
    }
    const bravo = (await (await kit.call(kit.bravo, "GET", `/usage?${DAY}&tenantId=acme`)).json()) as Rows;
    expect(total(bravo.data, "egress_bytes")).toBe(bytesOf("bravo"));
  });

  it("refuses dimensions and instants that are not in the API's vocabulary", async () => {
    const bad = await kit.call(kit.acme, "GET", `/usage?${DAY}&groupBy=tier,tenantId`);
    expect(bad.status).toBe(400);
    const injected = await kit.call(kit.acme, "GET", `/usage?from=2026-12-03T00:00:00Z'%20OR%201=1--&to=2026-12-04T00:00:00Z`);
    expect(injected.status).toBe(400);
    expect((await json(injected)).error?.code).toBe("request.invalid");
  });

  it("answers CSV to Accept: text/csv", async () => {
    const response = await kit.call(kit.acme, "GET", `/usage?${DAY}&groupBy=tier`, undefined, { accept: "text/csv" });
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const [header, ...lines] = (await response.text()).trimEnd().split("\r\n");
    expect(header?.split(",").slice(0, 3)).toEqual(["bucket", "tier", "requests"]);
    expect(lines.length).toBeGreaterThan(0);
  });
});

describe("GET /api/v1/invoices/{month}", () => {
  it("prices the month with the tenant's price book, each line with its SQL", async () => {
    await putPriceBook(kit.ctx.store, "acme", { egressGigabyte: 1_000_000_000 });
    const invoice = (await (await kit.call(kit.acme, "GET", "/invoices/2026-12")).json()) as { lines: { product: string; amountMicros: number; quantity: string; source: { sql: string } }[]; totalMicros: number };
    const egress = invoice.lines.find((l) => l.product === "egress");
    // 1,000,000,000 micro-units per GB is one micro-unit per byte.
    expect(egress?.amountMicros).toBe(bytesOf("acme"));
    expect(invoice.lines.every((l) => l.source.sql.includes(`"tenantId" = 'acme'`))).toBe(true);
    expect(invoice.totalMicros).toBe(invoice.lines.reduce((s, l) => s + l.amountMicros, 0));
    const csv = await (await kit.call(kit.acme, "GET", "/invoices/2026-12", undefined, { accept: "text/csv" })).text();
    expect(csv.split("\r\n")[0]).toBe("tenant_id,month,currency,product,tier,description,quantity,unit,unit_price_micros,amount_micros,measure,base_quantity,base_unit,sql");
    expect((await kit.call(kit.acme, "GET", "/invoices/2026-13")).status).toBe(400);
  });
});

describe("the operator's view", () => {
  it("shows every tenant to the platform's admin keys and to no tenant's", async () => {
    expect((await kit.call(kit.acme, "GET", "/admin/invoices/2026-12")).status).toBe(403);
    expect((await kit.call(kit.bravo, "GET", `/admin/usage?${DAY}`)).status).toBe(403);
    const readOnly = await kit.keyWith("local", ["read"]);
    expect((await kit.call(readOnly, "GET", "/admin/invoices/2026-12")).status).toBe(403);
    const all = (await (await kit.call(operatorKey, "GET", "/admin/invoices/2026-12")).json()) as { data: { tenantId: string }[] };
    expect(all.data.map((i) => i.tenantId)).toEqual(["acme", "bravo"]);
    const usage = (await (await kit.call(operatorKey, "GET", `/admin/usage?${DAY}&granularity=day`)).json()) as Rows;
    expect(total(usage.data.filter((r) => r["tenant_id"] === "bravo"), "egress_bytes")).toBe(bytesOf("bravo"));
  });
});

describe("price books", () => {
  it("are the operator's to read and set, for existing tenants only", async () => {
    expect((await kit.call(kit.acme, "PUT", "/admin/price-books/acme", { egressGigabyte: 1 })).status).toBe(403);
    const set = await kit.call(operatorKey, "PUT", "/admin/price-books/bravo", { egressGigabyte: 7, deliveredMinute: { UHD: 9 } });
    expect(set.status).toBe(200);
    const book = (await (await kit.call(operatorKey, "GET", "/admin/price-books/bravo")).json()) as { egressGigabyte: number; deliveredMinute: Record<string, number> };
    expect(book).toMatchObject({ egressGigabyte: 7, deliveredMinute: { SD: 500, HD: 1_000, UHD: 9 } });
    expect((await kit.call(operatorKey, "PUT", "/admin/price-books/bravo", { egressGigabyte: 0.5 })).status).toBe(400);
    expect((await kit.call(operatorKey, "GET", "/admin/price-books/nobody")).status).toBe(404);
  });
});

describe("without a query engine", () => {
  it("answers 501 usage.engine_unavailable", async () => {
    const bare = await apiKit();
    const response = await bare.call(bare.acme, "GET", `/usage?${DAY}`);
    expect(response.status).toBe(501);
    expect((await json(response)).error?.code).toBe("usage.engine_unavailable");
  });
});
