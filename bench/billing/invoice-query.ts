/**
 * Child process of the billing bench, so its peak RSS is the query's alone: runs the month's invoice
 * on the DuckDB engine twice after mirroring the store's objects (timed apart), prints one JSON line.
 * Usage: node bench/billing/invoice-query.ts <storeRoot> <engineDir> <tenantId> <yyyy-mm> <memoryLimit>
 */
import { join } from "node:path";
import { tenantInvoice } from "#core/billing/invoice.ts";
import { defaultPriceBook } from "#core/billing/price-book.ts";
import { monthScope } from "#core/billing/usage-sql.ts";
import { DuckDbUsageEngine } from "#core-node/duckdb-usage-engine.ts";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { UsageMirror } from "#core-node/usage-mirror.ts";

const [root, dir, tenantId, month, memoryLimit] = process.argv.slice(2) as [string, string, string, string, string];
const store = new FsObjectStore({ root, durable: false });
const mirrorStarted = performance.now();
await new UsageMirror(store, join(dir, "objects")).sync(monthScope(month));
const mirrorMs = performance.now() - mirrorStarted;
const engine = new DuckDbUsageEngine({ store, dir, memoryLimit });
const deps = { engine, priceBook: () => Promise.resolve(defaultPriceBook) };
const timed = async () => {
  const began = performance.now();
  const cpu = process.cpuUsage();
  const invoice = await tenantInvoice(deps, tenantId, month);
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - began, cpuMs: (used.user + used.system) / 1000, invoice };
};
const first = await timed();
const second = await timed();
await engine.close();
process.stdout.write(`${JSON.stringify({ mirrorMs, firstMs: first.ms, warmMs: second.ms, warmCpuMs: second.cpuMs, maxRssBytes: process.resourceUsage().maxRSS * 1024, invoice: second.invoice })}\n`);
