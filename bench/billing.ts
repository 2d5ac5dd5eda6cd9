/**
 * Billing benchmark: a busy day for one mid-size tenant (10 M edge usage records, `--quick` 1 M) as
 * gzip NDJSON objects in a filesystem store, then the month's invoice on the embedded DuckDB engine.
 * Reports generation time, the one-off mirror copy, the invoice query (first and warm) and the query
 * process's peak RSS. Target: invoice ≤ 5 s and ≤ 1 GB on the 2-core machine. The warm invoice's CPU
 * time is reported beside its wall time: on shared cores it is the figure comparable between runs.
 *
 * Generation runs in worker threads (template strings, gzip level 1); the query runs in a child
 * process so its peak RSS is its own.
 */
import { execFile } from "node:child_process";
import { cpus } from "node:os";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import type { Invoice } from "#core/billing/invoice.ts";
import { formatMicros } from "#core/billing/money.ts";
import { markdownTable } from "./table.ts";
import type { GenerateJob } from "./billing/generate-usage.ts";

const run = promisify(execFile);

export interface BillingBenchRow {
  records: number;
  objects: number;
  storedMegabytes: number;
  generateSeconds: number;
  mirrorSeconds: number;
  invoiceSeconds: number;
  warmInvoiceSeconds: number;
  /** CPU time (all DuckDB threads) of the warm invoice: what it costs whatever else the cores were doing. */
  warmInvoiceCpuSeconds: number;
  peakRssMegabytes: number;
  invoiceTotal: string;
}

const TARGET_SECONDS = 5;
const TARGET_RSS_MB = 1024;
const DAY = Date.UTC(2026, 11, 15);

function generate(root: string, records: number): Promise<{ bytes: number; objects: number; records: number }> {
  const filesPerHour = Math.max(1, Math.round(records / 24 / 42_000));
  const recordsPerFile = Math.round(records / 24 / filesPerHour);
  const files: [number, number][] = [];
  for (let hour = 0; hour < 24; hour++) for (let f = 0; f < filesPerHour; f++) files.push([hour, f]);
  const workers = Math.max(1, Math.min(2, cpus().length));
  const shares = Array.from({ length: workers }, (_w, w) => files.filter((_f, i) => i % workers === w));
  return Promise.all(
    shares.map(
      (share) =>
        new Promise<number>((resolve, reject) => {
          const job: GenerateJob = { root, tenantId: "bench", dayStart: DAY, files: share, recordsPerFile };
          const worker = new Worker(new URL("./billing/generate-usage.ts", import.meta.url), { workerData: job });
          worker.once("message", (bytes: number) => resolve(bytes));
          worker.once("error", reject);
        }),
    ),
  ).then((bytes) => ({ bytes: bytes.reduce((a, b) => a + b, 0), objects: files.length, records: files.length * recordsPerFile }));
}

export async function runBillingBench(options: { quick: boolean; log: (line: string) => void }): Promise<{ rows: BillingBenchRow[]; verdicts: string[] }> {
  const records = options.quick ? 1_000_000 : 10_000_000;
  const dir = await mkdtemp(join(tmpdir(), "bench-billing-"));
  try {
    const root = join(dir, "store");
    options.log(`billing: writing ${records.toLocaleString("en")} usage records`);
    const began = performance.now();
    const written = await generate(root, records);
    const generateSeconds = (performance.now() - began) / 1000;
    options.log(`billing: ${written.objects} objects, ${(written.bytes / 1e6).toFixed(0)} MB in ${generateSeconds.toFixed(1)} s; running the invoice`);
    const child = fileURLToPath(new URL("./billing/invoice-query.ts", import.meta.url));
    const { stdout } = await run(process.execPath, [child, root, join(dir, "engine"), "bench", "2026-12", "512MB"], { maxBuffer: 64 * 1024 * 1024 });
    const result = JSON.parse(stdout) as { mirrorMs: number; firstMs: number; warmMs: number; warmCpuMs: number; maxRssBytes: number; invoice: Invoice };
    const row: BillingBenchRow = {
      records: written.records,
      objects: written.objects,
      storedMegabytes: written.bytes / 1e6,
      generateSeconds,
      mirrorSeconds: result.mirrorMs / 1000,
      invoiceSeconds: result.firstMs / 1000,
      warmInvoiceSeconds: result.warmMs / 1000,
      warmInvoiceCpuSeconds: result.warmCpuMs / 1000,
      peakRssMegabytes: result.maxRssBytes / 1024 / 1024,
      invoiceTotal: `${formatMicros(result.invoice.totalMicros)} ${result.invoice.currency}`,
    };
    const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
    return {
      rows: [row],
      verdicts: [
        `billing: invoice over ${records.toLocaleString("en")} records in ${row.invoiceSeconds.toFixed(2)} s (target ≤ ${TARGET_SECONDS} s: ${verdict(row.invoiceSeconds <= TARGET_SECONDS)}), peak RSS ${row.peakRssMegabytes.toFixed(0)} MB (target ≤ ${TARGET_RSS_MB} MB: ${verdict(row.peakRssMegabytes <= TARGET_RSS_MB)}).`,
        `billing: Athena over the raw hours would scan the ${row.storedMegabytes.toFixed(0)} MB of gzip NDJSON (it reads whole compressed objects).`,
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatBillingTable(rows: readonly BillingBenchRow[]): string {
  return markdownTable(
    ["records", "objects", "stored MB", "generate s", "mirror s", "invoice s", "warm invoice s", "warm invoice CPU s", "peak RSS MB", "invoice total"],
    rows.map((r) => [r.records, r.objects, r.storedMegabytes, r.generateSeconds, r.mirrorSeconds, r.invoiceSeconds, r.warmInvoiceSeconds, r.warmInvoiceCpuSeconds, r.peakRssMegabytes, r.invoiceTotal]),
  );
}
