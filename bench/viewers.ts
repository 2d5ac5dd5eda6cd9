/**
 * Viewers benchmark: many low-latency viewers of one LL-HLS stream through the Node edge. The platform
 * runs as `npm start` runs it (a supervisor with relay and edge processes, in a child of the bench;
 * the stream made through its API: passthrough ladder, low latency, recording off), published by a
 * real ffmpeg (testsrc2 + sine with the low-latency ladder's x264 settings, as the ll-hls bench
 * publishes). N simulated viewers (bench/viewers/ll-viewer.ts: blocking reloads and parts as hls.js
 * in low-latency mode, video and audio rendition, on the signed playback URL) run in a few
 * load-generator processes of their own, joining spread over the first seconds. After a warmup, one
 * window is measured: errors, part and blocking-reload latencies, viewer throughput, CPU and memory of
 * the platform's whole process tree, and the relay's origin requests per part (its `/metrics`).
 * Targets: 0 errors, p99 part delivery ≤ 200 ms, about one relay request per part and per blocking
 * reload per edge (the edge coalesces identical relay requests: edge/src/live/relay-coalescer.ts).
 * `BENCH_VIEWERS` overrides N.
 */
import { loadavg } from "node:os";
import { startPlatformServer, type PlatformServer } from "./ingest/platform-server.ts";
import { treeSampler } from "./ingest/proc-usage.ts";
import { publishTestSource } from "./ll-hls/test-source.ts";
import { markdownTable } from "./table.ts";
import { viewersFigures, viewersVerdicts, type ViewersBenchRow } from "./viewers/figures.ts";
import { startLoadPool, type LoadPool } from "./viewers/load-pool.ts";
import { relayOriginRequests } from "./viewers/relay-metrics.ts";

export type { ViewersBenchRow } from "./viewers/figures.ts";

interface Mode {
  viewers: number;
  /** Viewers per load-generator process. */
  viewersPerProcess: number;
  joinSeconds: number;
  warmupSeconds: number;
  measureSeconds: number;
}

const FULL: Mode = { viewers: 1_000, viewersPerProcess: 500, joinSeconds: 5, warmupSeconds: 5, measureSeconds: 30 };
const QUICK: Mode = { viewers: 100, viewersPerProcess: 100, joinSeconds: 3, warmupSeconds: 3, measureSeconds: 10 };

export interface ViewersBenchResult {
  rows: ViewersBenchRow[];
  verdicts: string[];
  viewers: number;
  loadAverage: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the stream plays through the edge: the multivariant playlist and a media playlist answer 200. */
async function waitUntilLive(playbackUrl: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const master = await fetch(playbackUrl).then(async (r) => (r.ok ? r.text() : undefined), () => undefined);
    const uri = master?.split("\n").find((line) => line !== "" && !line.startsWith("#"));
    if (uri !== undefined && (await fetch(new URL(uri, playbackUrl)).then((r) => r.ok, () => false))) return;
    await sleep(250);
  }
  throw new Error(`the stream was not live through the edge within ${timeoutMs} ms`);
}

async function measure(server: PlatformServer, mode: Mode, log: (line: string) => void): Promise<ViewersBenchResult> {
  const [stream] = await server.createStreams(1, { ladder: "passthrough", latencyMode: "low" });
  if (stream === undefined) throw new Error("no stream was created");
  const total = mode.joinSeconds + mode.warmupSeconds + mode.measureSeconds;
  const publisher = publishTestSource(stream.publishUrl, total + 30);
  let pool: LoadPool | undefined;
  try {
    await waitUntilLive(stream.playbackUrl, 20_000);
    const processes = Math.max(1, Math.ceil(mode.viewers / mode.viewersPerProcess));
    log(`viewers: ${mode.viewers} viewers joining over ${mode.joinSeconds} s in ${processes} load generator(s)`);
    pool = await startLoadPool(stream.playbackUrl, mode.viewers, processes, mode.joinSeconds * 1000);
    await sleep((mode.joinSeconds + mode.warmupSeconds) * 1000);
    const platform = treeSampler([server.pid]);
    const edge = treeSampler([server.edgePid]);
    const relay = treeSampler([server.relayPid]);
    const generators = treeSampler(pool.pids);
    await Promise.all([platform.start(), edge.start(), relay.start(), generators.start()]);
    const relayBefore = await relayOriginRequests(server.relayUrl);
    const windowStart = performance.timeOrigin + performance.now();
    pool.measure();
    log(`viewers: measuring ${mode.measureSeconds} s`);
    await sleep(mode.measureSeconds * 1000);
    const reportsAt = pool.stop();
    const windowEnd = performance.timeOrigin + performance.now();
    const relayAfter = await relayOriginRequests(server.relayUrl);
    const loadAverage = loadavg()[0] ?? 0;
    const [platformUsage, edgeUsage, relayUsage, generatorUsage] = await Promise.all([platform.stop(), edge.stop(), relay.stop(), generators.stop()]);
    const reports = await reportsAt;
    pool = undefined;
    const figures = viewersFigures(reports, {
      viewers: mode.viewers, windowStart, windowEnd, relayRequests: relayAfter - relayBefore,
      platform: platformUsage, edge: edgeUsage, relay: relayUsage, loadGenerators: generatorUsage, loadAverage,
    });
    return { rows: figures.rows, verdicts: viewersVerdicts(figures, mode.viewers), viewers: mode.viewers, loadAverage };
  } finally {
    pool?.kill();
    publisher.child.kill("SIGTERM");
    await publisher.exited;
  }
}

/**
 * One run: the platform, one LL-HLS stream, N viewers through the edge; returns the rows and verdicts.
 * @example const { rows } = await runViewersBench({ quick: true }); console.log(formatViewersTable(rows));
 */
export async function runViewersBench(options: { quick?: boolean; log?: (line: string) => void } = {}): Promise<ViewersBenchResult> {
  const base = options.quick ? QUICK : FULL;
  const override = Number(process.env["BENCH_VIEWERS"] ?? Number.NaN);
  const mode = Number.isInteger(override) && override > 0 ? { ...base, viewers: override } : base;
  const server = await startPlatformServer();
  try {
    return await measure(server, mode, options.log ?? (() => {}));
  } finally {
    await server.stop();
  }
}

export function formatViewersTable(rows: readonly ViewersBenchRow[]): string {
  return markdownTable(["metric", "value", "p50", "p95", "p99", "samples", "target"], rows.map((r) => [r.metric, r.value, r.p50, r.p95, r.p99, r.samples, r.target]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runViewersBench({ quick: process.argv.includes("--quick"), log: (line) => console.error(line) });
  console.log(formatViewersTable(result.rows));
  for (const line of result.verdicts) console.log(line);
}
