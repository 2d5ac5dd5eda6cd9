/**
 * Billing benchmark: a busy day for one mid-size tenant (10 M edge usage records, `--quick` 1 M) as
 * gzip NDJSON objects in a filesystem store, then the month's invoice on the embedded DuckDB engine.
 * Then the compaction job turns the 24 closed hours into Parquet and the invoice runs again. Each row
 * reports how long its data took to prepare (writing, or compacting), the one-off mirror copy, the
 * invoice query (first and warm) and the query process's peak RSS. Target: invoice ≤ 5 s and ≤ 1 GB on the 2-core machine. The warm invoice's CPU
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
import { keys } from "#core/storage/keys.ts";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { compactHour } from "#core-node/usage/usage-compaction.ts";
import { markdownTable } from "./table.ts";
import type { GenerateJob } from "./billing/generate-usage.ts";

const run = promisify(execFile);

export interface BillingBenchRow {
  /** What the invoice read: the raw gzip NDJSON hours, or the same hours after the compaction job. */
  read: "raw NDJSON" | "compacted Parquet";
  records: number;
  objects: number;
  storedMegabytes: number;
  /** Writing the raw records, or compacting every hour. */
  prepareSeconds: number;
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

type InvoiceRun = Pick<BillingBenchRow, "mirrorSeconds" | "invoiceSeconds" | "warmInvoiceSeconds" | "warmInvoiceCpuSeconds" | "peakRssMegabytes" | "invoiceTotal">;

/** The month's invoice in a child process (its peak RSS is the query's alone). */
async function invoiceRun(root: string, engineDir: string): Promise<InvoiceRun> {
  const child = fileURLToPath(new URL("./billing/invoice-query.ts", import.meta.url));
  const { stdout } = await run(process.execPath, [child, root, engineDir, "bench", "2026-12", "512MB"], { maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(stdout) as { mirrorMs: number; firstMs: number; warmMs: number; warmCpuMs: number; maxRssBytes: number; invoice: Invoice };
  return {
    mirrorSeconds: result.mirrorMs / 1000,
    invoiceSeconds: result.firstMs / 1000,
    warmInvoiceSeconds: result.warmMs / 1000,
    warmInvoiceCpuSeconds: result.warmCpuMs / 1000,
    peakRssMegabytes: result.maxRssBytes / 1024 / 1024,
    invoiceTotal: `${formatMicros(result.invoice.totalMicros)} ${result.invoice.currency}`,
  };
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
    const raw = { read: "raw NDJSON" as const, records: written.records, objects: written.objects, storedMegabytes: written.bytes / 1e6, prepareSeconds: generateSeconds, ...(await invoiceRun(root, join(dir, "engine-raw"))) };
    options.log(`billing: raw invoice in ${raw.invoiceSeconds.toFixed(1)} s; compacting 24 hours`);
    const compactStarted = performance.now();
    const store = new FsObjectStore({ root, durable: false });
    let parquetBytes = 0;
    for (let hour = 0; hour < 24; hour++) {
      const at = new Date(DAY + hour * 3_600_000);
      await compactHour({ store, source: "edge", hour: at, workDir: dir });
      parquetBytes += (await store.head(keys.usageCompacted("edge", at)))?.size ?? 0;
    }
    const compactSeconds = (performance.now() - compactStarted) / 1000;
    const compacted = { read: "compacted Parquet" as const, records: written.records, objects: 24, storedMegabytes: parquetBytes / 1e6, prepareSeconds: compactSeconds, ...(await invoiceRun(root, join(dir, "engine-compacted"))) };
    const rows: BillingBenchRow[] = [raw, compacted];
    const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
    return {
      rows,
      verdicts: rows.map(
        (row) =>
          `billing (${row.read}): invoice over ${row.records.toLocaleString("en")} records in ${row.invoiceSeconds.toFixed(2)} s, ${row.warmInvoiceCpuSeconds.toFixed(1)} CPU s (target ≤ ${TARGET_SECONDS} s: ${verdict(row.invoiceSeconds <= TARGET_SECONDS)}), peak RSS ${row.peakRssMegabytes.toFixed(0)} MB (target ≤ ${TARGET_RSS_MB} MB: ${verdict(row.peakRssMegabytes <= TARGET_RSS_MB)}).`,
      ),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatBillingTable(rows: readonly BillingBenchRow[]): string {
  return markdownTable(
    ["read", "records", "objects", "stored MB", "prepare s", "mirror s", "invoice s", "warm invoice s", "warm invoice CPU s", "peak RSS MB", "invoice total"],
    rows.map((r) => [r.read, r.records, r.objects, r.storedMegabytes, r.prepareSeconds, r.mirrorSeconds, r.invoiceSeconds, r.warmInvoiceSeconds, r.warmInvoiceCpuSeconds, r.peakRssMegabytes, r.invoiceTotal]),
  );
}
