// The usage SQL text: the tenant filter is always there, values cannot change the statement.
import { describe, expect, it } from "vitest";
import { isTributaryError } from "../errors.ts";
import { invoiceSql, monthScope, usageSql } from "./usage-sql.ts";

const day = { from: "2026-12-01T00:00:00Z", to: "2026-12-02T00:00:00Z", granularity: "hour" as const, groupBy: [] };

describe("usageSql", () => {
  it("filters on the tenant and the canonical range, and deduplicates on id", () => {
    const { sql, scope } = usageSql({ ...day, tenant: { tenantId: "acme" } });
    expect(scope).toEqual({ from: "2026-12-01T00:00:00.000Z", to: "2026-12-02T00:00:00.000Z" });
    expect(sql).toContain(`WHERE "tenantId" = 'acme' AND "at" >= '2026-12-01T00:00:00.000Z' AND "at" < '2026-12-02T00:00:00.000Z'`);
    expect(sql).toContain(`GROUP BY "id"`);
    expect(sql).toContain("substr(record_at, 1, 13) AS bucket");
  });

  it("refuses tenant ids and instants that are not plain values", () => {
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return isTributaryError(error, "request.invalid");
      }
      return false;
    };
    expect(refused(() => usageSql({ ...day, tenant: { tenantId: "acme' OR '1'='1" } }))).toBe(true);
    expect(refused(() => usageSql({ ...day, tenant: { tenantId: "acme" }, from: "2026-12-01' OR true --" }))).toBe(true);
    expect(refused(() => usageSql({ ...day, tenant: { tenantId: "acme" }, to: "tomorrow" }))).toBe(true);
  });

  it("groups by the asked dimensions once each, and by tenant only in the all-tenants view", () => {
    const { sql } = usageSql({ ...day, tenant: { allTenants: true }, groupBy: ["media", "tier", "media"] });
    expect(sql).toContain(`WHERE "tenantId" IS NOT NULL`);
    expect(sql).toContain("GROUP BY 1, 2, 3, 4\n");
    expect(sql.match(/AS media_id/g)).toHaveLength(1);
  });
});

describe("invoiceSql", () => {
  it("covers the calendar month in UTC", () => {
    expect(monthScope("2026-12")).toEqual({ from: "2026-12-01T00:00:00.000Z", to: "2027-01-01T00:00:00.000Z" });
    expect(invoiceSql({ tenantId: "acme" }, "2026-02").scope).toEqual({ from: "2026-02-01T00:00:00.000Z", to: "2026-03-01T00:00:00.000Z" });
    expect(() => monthScope("2026-13")).toThrow(TypeError);
  });
});
