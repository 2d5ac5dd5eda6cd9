// Invoice lines: quantity × unit price = amount in integer micro-units, rounded half up once per line.
import { describe, expect, it } from "vitest";
import { divideRoundHalfUp, decimalString } from "./money.ts";
import { priceBookSchema } from "./price-book.ts";
import { priceInvoice } from "./invoice.ts";

const book = priceBookSchema.parse({ deliveredMinute: { SD: 333, HD: 1_000 }, egressGigabyte: 50_000, storedMinute: 3_000 });

describe("priceInvoice", () => {
  it("prices each tier and product from its result rows, with the SQL and base quantity on every line", () => {
    const rows = [
      { tier: "HD", delivered_ms: 90_000, egress_bytes: 3_000_000_000, encoded_ms: 0, transcoded_ms: 0, stored_ms_days: 0, ingest_connected_ms: 0 },
      { tier: "SD", delivered_ms: 1_001, egress_bytes: 1, encoded_ms: 0, transcoded_ms: 0, stored_ms_days: 0, ingest_connected_ms: 0 },
      // Storage: 31 daily snapshots of 10 minutes each is 10 minute-months in December.
      { tier: null, delivered_ms: 0, egress_bytes: 512, encoded_ms: 0, transcoded_ms: 0, stored_ms_days: 31 * 600_000, ingest_connected_ms: 61_000 },
    ];
    const invoice = priceInvoice("acme", "2026-12", rows, book, "SELECT 1");
    expect(invoice.lines.map((l) => [l.product, l.tier ?? "-", l.quantity, l.unitPriceMicros, l.amountMicros])).toEqual([
      ["delivery", "SD", "0.016683333", 333, 6], // 1001 ms × 333 / 60000 = 5.5555 → 6
      ["delivery", "HD", "1.5", 1_000, 1_500],
      ["egress", "-", "3.000000513", 50_000, 150_000], // (3e9 + 513) B × 50000 / 1e9 = 150000.02565 → 150000
      ["storage", "-", "10", 3_000, 30_000],
      ["ingest", "-", "1.016666667", 5_000, 5_083], // 61000 × 5000 / 60000 = 5083.33 → 5083
    ]);
    expect(invoice.totalMicros).toBe(6 + 1_500 + 150_000 + 30_000 + 5_083);
    expect(invoice.lines[0]?.source).toEqual({ measure: "delivered_ms", baseQuantity: "1001", baseUnit: "ms", rows: [{ tier: "SD" }, { tier: null }], sql: "SELECT 1" });
  });
});

describe("money", () => {
  it("rounds half up and writes exact decimals", () => {
    expect([divideRoundHalfUp(5n, 2n), divideRoundHalfUp(4n, 3n), divideRoundHalfUp(0n, 7n)]).toEqual([3n, 1n, 0n]);
    expect(decimalString(1_500n, 1_000n, 6)).toBe("1.5");
    expect(decimalString(2n, 3n, 6)).toBe("0.666667");
  });
});
