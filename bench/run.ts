/**
 * `npm run bench`: every benchmark in turn (ingest, edge, LL-HLS, LL-HLS viewers, billing, Athena scan bytes, encryption, WebRTC, key delivery), one table each, and the results
 * as JSON in bench/results/<timestamp>.json (git-ignored).
 * Options: `--only <name>` (ingest | edge | ll-hls | vod | viewers | billing | athena-scan | encryption | webrtc | keys; repeatable or comma-separated), `--quick`.
 * Numbers are from whatever machine runs this, alongside whatever else runs there: compare rows
 * from one run, not across runs.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { formatBillingTable, runBillingBench } from "./billing.ts";
import { runAthenaScanBench } from "./athena-scan.ts";
import { formatEncryptionTable, runEncryptionBench } from "./encryption.ts";
import { formatIngestTable, runIngestBench } from "./ingest.ts";
import type { IngestBenchResult } from "./ingest.ts";
import { runKeysBench } from "./keys.ts";
import { recordsTable } from "./table.ts";
import { formatViewersTable, runViewersBench } from "./viewers.ts";
import { runWebrtcBench } from "./webrtc.ts";

interface BenchOutcome {
  table: string;
  notes: string[];
  data: unknown;
}

interface Bench {
  name: string;
  /** `earlier`: the data of the benchmarks already run, by name. */
  run(quick: boolean, earlier: Readonly<Record<string, unknown>>): Promise<BenchOutcome | undefined>;
}

/** The platform's passthrough CPU per stream at the largest N the ingest bench ran, if it ran. */
function passthroughCpuPerStream(ingest: unknown): number | undefined {
  const rows = (ingest as IngestBenchResult | undefined)?.rows.filter((r) => r.scenario === "passthrough" && r.server === "tributary platform" && r.cpuPercentPerStream !== undefined) ?? [];
  return rows.sort((a, b) => b.streams - a.streams)[0]?.cpuPercentPerStream;
}

/** Imports another engineer's bench module if it exists; undefined (with a note printed) when it does not. */
async function optionalModule<T>(specifier: string, name: string): Promise<T | undefined> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== "ERR_MODULE_NOT_FOUND" || !String(error).includes(specifier.replace("./", ""))) throw error;
    console.log(`(${name}: ${specifier} does not exist yet; skipped)`);
    return undefined;
  }
}

const BENCHES: Bench[] = [
  {
    name: "ingest",
    async run(quick) {
      const result = await runIngestBench({ quick, log: (line) => console.error(line) });
      return { table: formatIngestTable(result.rows), notes: result.verdicts, data: result };
    },
  },
  {
    name: "edge",
    async run(quick) {
      const edge = await optionalModule<{ runEdgeBench(seconds?: number): Promise<object[]> }>("./edge.ts", "edge");
      if (!edge) return undefined;
      const rows = await edge.runEdgeBench(quick ? 3 : undefined);
      return { table: recordsTable(rows), notes: [], data: rows };
    },
  },
  {
    name: "ll-hls",
    async run(quick) {
      const llHls = await optionalModule<{ runLowLatencyBench(runs?: number): Promise<object[]> }>("./ll-hls.ts", "ll-hls");
      if (!llHls) return undefined;
      const rows = await llHls.runLowLatencyBench(quick ? 1 : undefined);
      return { table: recordsTable(rows), notes: [], data: rows };
    },
  },
  {
    name: "vod",
    async run(quick) {
      const { runVodBench } = await import("./vod.ts");
      const rows = await runVodBench(quick);
      return { table: recordsTable(rows), notes: [], data: rows };
    },
  },
  {
    name: "viewers",
    async run(quick) {
      const result = await runViewersBench({ quick, log: (line) => console.error(line) });
      return { table: formatViewersTable(result.rows), notes: result.verdicts, data: result };
    },
  },
  {
    name: "billing",
    async run(quick) {
      const result = await runBillingBench({ quick, log: (line) => console.error(line) });
      return { table: formatBillingTable(result.rows), notes: result.verdicts, data: result };
    },
  },
  {
    name: "athena-scan",
    async run(quick) {
      const result = await runAthenaScanBench({ quick, log: (line) => console.error(line) });
      return { table: recordsTable(result.rows), notes: result.notes, data: result };
    },
  },
  {
    name: "encryption",
    async run(quick, earlier) {
      const platformCpuPercentPerStream = passthroughCpuPerStream(earlier["ingest"]);
      const result = await runEncryptionBench({ quick, log: (line) => console.error(line), ...(platformCpuPercentPerStream === undefined ? {} : { platformCpuPercentPerStream }) });
      return { table: formatEncryptionTable(result.rows), notes: result.verdicts, data: result };
    },
  },
  {
    name: "webrtc",
    async run(quick) {
      const rows = await runWebrtcBench({ quick, log: (line) => console.error(line) });
      return { table: recordsTable(rows), notes: [], data: rows };
    },
  },
  {
    name: "keys",
    async run(quick) {
      const rows = await runKeysBench(quick ? 3 : undefined);
      return { table: recordsTable(rows), notes: [], data: rows };
    },
  },
];

function parseArgs(argv: readonly string[]): { only: Set<string> | undefined; quick: boolean } {
  const only = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--only") only.add(argv[++i] ?? "");
    else if (arg.startsWith("--only=")) only.add(arg.slice("--only=".length));
  }
  const names = new Set([...only].flatMap((value) => value.split(",")).filter((name) => name !== ""));
  const unknown = [...names].filter((name) => !BENCHES.some((b) => b.name === name));
  if (unknown.length > 0) throw new TypeError(`unknown benchmark(s) ${unknown.join(", ")}; known: ${BENCHES.map((b) => b.name).join(", ")}`);
  return { only: names.size > 0 ? names : undefined, quick: argv.includes("--quick") };
}

async function main(): Promise<void> {
  const { only, quick } = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const results: Record<string, unknown> = {};
  console.log(`Benchmarks${quick ? " (quick)" : ""} on ${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), load average ${loadavg().map((n) => n.toFixed(2)).join(" ")} at start.`);
  console.log("The cores are shared with other work: numbers are noisy, compare rows of one run only.\n");
  for (const bench of BENCHES) {
    if (only && !only.has(bench.name)) continue;
    const began = performance.now();
    const outcome = await bench.run(quick, results);
    if (!outcome) continue;
    console.log(`## ${bench.name} (${((performance.now() - began) / 1000).toFixed(0)} s)\n\n${outcome.table}\n`);
    for (const note of outcome.notes) console.log(note);
    if (outcome.notes.length > 0) console.log("");
    results[bench.name] = outcome.data;
  }
  const dir = fileURLToPath(new URL("./results/", import.meta.url));
  await mkdir(dir, { recursive: true });
  const file = `${dir}${startedAt.toISOString().replaceAll(":", "-")}${quick ? "-quick" : ""}.json`;
  await writeFile(file, `${JSON.stringify({ startedAt: startedAt.toISOString(), quick, cores: cpus().length, loadAverage: loadavg(), results }, null, 2)}\n`);
  console.log(`Results written to ${file}`);
}

await main().catch((error: unknown) => {
  console.error(error instanceof TypeError ? `bench: ${error.message}` : error);
  process.exitCode = 1;
});
