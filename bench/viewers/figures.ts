/**
 * The viewers bench's figures, from every load generator's report, the platform's process-tree usage
 * and the relay's request count over the measurement window. A part's availability is when the first
 * viewer (in any load generator) saw it listed: deliveries and blocking reloads are timed from then,
 * as well as from their own request.
 */
import type { TreeUsage } from "../ingest/proc-usage.ts";
import { percentile } from "../ingest/stats.ts";
import type { LoadReport, RequestKind, ViewerErrors } from "./recorder.ts";

export interface ViewersBenchRow {
  metric: string;
  value: number | string | undefined;
  p50: number | undefined;
  p95: number | undefined;
  p99: number | undefined;
  samples: number | undefined;
  target: string;
}

export interface WindowFacts {
  viewers: number;
  windowStart: number;
  windowEnd: number;
  relayRequests: number;
  /** The whole tree (supervisor, edge, relay and their children), then the edge's and the relay's own trees. */
  platform: TreeUsage;
  edge: TreeUsage;
  relay: TreeUsage;
  loadGenerators: TreeUsage;
  /** The machine's 1-minute load average at the window's end (everything else running on it too). */
  loadAverage: number;
}

export interface ViewersFigures {
  rows: ViewersBenchRow[];
  errors: ViewerErrors;
  errorSamples: string[];
  partFetchP99Ms: number | undefined;
  relayRequestsPerPart: number | undefined;
}

function merge(reports: readonly LoadReport[]) {
  const firstListed = new Map<string, number>();
  for (const report of reports) for (const [key, at] of report.firstListed) firstListed.set(key, Math.min(at, firstListed.get(key) ?? Infinity));
  const since = (entries: (r: LoadReport) => [string, number[]][]) =>
    reports.flatMap((report) => entries(report).flatMap(([key, times]) => {
      const listed = firstListed.get(key);
      // A preload hint can complete a moment before any reload lists its part: it was not late.
      return listed === undefined ? [] : times.map((at) => Math.max(0, at - listed));
    }));
  const sum = (pick: (r: LoadReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  const requests = (kind: RequestKind) => sum((r) => r.requests[kind]);
  return {
    firstListed,
    deliveredAfterListed: since((r) => r.deliveries),
    reloadAfterListed: since((r) => r.reloads),
    partMs: reports.flatMap((r) => r.partMs),
    hintMs: reports.flatMap((r) => r.hintMs),
    reloadMs: reports.flatMap((r) => r.reloadMs),
    requests: { reload: requests("reload"), part: requests("part"), hint: requests("hint"), start: requests("start") },
    errors: { non2xx: sum((r) => r.errors.non2xx), timeouts: sum((r) => r.errors.timeouts), failed: sum((r) => r.errors.failed) },
    errorSamples: [...new Set(reports.flatMap((r) => r.errorSamples))].slice(0, 8),
    bytes: sum((r) => r.bytes),
    viewersStarted: sum((r) => r.viewersStarted),
  };
}

const distribution = (metric: string, values: readonly number[], target = ""): ViewersBenchRow => ({
  metric, value: undefined, p50: percentile(values, 0.5), p95: percentile(values, 0.95), p99: percentile(values, 0.99), samples: values.length, target,
});

const scalar = (metric: string, value: number | string | undefined, target = ""): ViewersBenchRow => ({ metric, value, p50: undefined, p95: undefined, p99: undefined, samples: undefined, target });

export function viewersFigures(reports: readonly LoadReport[], facts: WindowFacts): ViewersFigures {
  const m = merge(reports);
  const seconds = (facts.windowEnd - facts.windowStart) / 1000;
  // Parts whose first listing fell in the window, per track: the parts the relay made meanwhile.
  const partsByTrack = new Map<string, number>();
  for (const [key, at] of m.firstListed) {
    if (at < facts.windowStart || at >= facts.windowEnd) continue;
    const track = key.slice(0, key.indexOf("/"));
    partsByTrack.set(track, (partsByTrack.get(track) ?? 0) + 1);
  }
  const parts = [...partsByTrack.values()].reduce((a, b) => a + b, 0);
  const viewerRequests = m.requests.reload + m.requests.part + m.requests.hint + m.requests.start;
  const relayPerPart = parts > 0 ? facts.relayRequests / parts : undefined;
  const rows: ViewersBenchRow[] = [
    scalar("viewers playing / simulated", `${m.viewersStarted} / ${facts.viewers}`),
    scalar("errors: non-2xx / timeouts / connection", `${m.errors.non2xx} / ${m.errors.timeouts} / ${m.errors.failed}`, "0"),
    distribution("part fetch once listed, request → last byte (ms)", m.partMs, "p99 ≤ 200"),
    distribution("part delivered after first listed, listed parts and hints (ms)", m.deliveredAfterListed, "p99 ≤ 200"),
    distribution("preload hint, request → last byte (held until the part exists, ms)", m.hintMs),
    distribution("blocking reload answered after part first listed (ms)", m.reloadAfterListed),
    distribution("blocking reload, request → answer (ms)", m.reloadMs),
    scalar("viewer requests/s (reloads + parts + hints)", viewerRequests / seconds),
    scalar("viewer throughput (Mb/s)", (m.bytes * 8) / 1e6 / seconds),
    scalar(`parts made in window (${[...partsByTrack].map(([track, n]) => `${track} ${n}`).join(", ")})`, parts),
    scalar("relay origin requests in window", facts.relayRequests),
    scalar("relay requests per part per edge (reloads + parts)", relayPerPart, "≈ 1 per kind: ≈ 2"),
    scalar("viewer requests per relay request (coalescing)", facts.relayRequests > 0 ? viewerRequests / facts.relayRequests : undefined),
    scalar("platform CPU (% of one core, whole tree)", facts.platform.cores * 100),
    scalar("… of which edge / relay (% of one core)", `${(facts.edge.cores * 100).toFixed(1)} / ${(facts.relay.cores * 100).toFixed(1)}`),
    scalar("platform RSS peak / PSS peak (MB, whole tree)", `${facts.platform.peakRssMb.toFixed(0)} / ${facts.platform.peakPssMb.toFixed(0)}`),
    scalar("load generators CPU (% of one core)", facts.loadGenerators.cores * 100),
    scalar("load generators event-loop delay p99, worst process (ms)", Math.max(0, ...reports.map((r) => r.loopDelayP99Ms))),
    scalar("machine load average (1 min) at window end", facts.loadAverage),
  ];
  return { rows, errors: m.errors, errorSamples: m.errorSamples, partFetchP99Ms: percentile(m.deliveredAfterListed, 0.99), relayRequestsPerPart: relayPerPart };
}

/** Target checks, as text lines. */
export function viewersVerdicts(figures: ViewersFigures, viewers: number): string[] {
  const errors = figures.errors.non2xx + figures.errors.timeouts + figures.errors.failed;
  const p99 = figures.partFetchP99Ms;
  const perPart = figures.relayRequestsPerPart;
  const lines = [
    `viewers (N = ${viewers}): errors ${errors} (target 0) — ${errors === 0 ? "met" : "missed"}`,
    `viewers: p99 part delivered after listed ${p99?.toFixed(0) ?? "—"} ms (target ≤ 200) — ${p99 !== undefined && p99 <= 200 ? "met" : "missed"}`,
    `viewers: relay requests per part per edge ${perPart?.toFixed(2) ?? "—"} (target ≈ 1 blocking reload + 1 part) — ${perPart !== undefined && perPart <= 2.5 ? "met" : "missed"}`,
  ];
  if (figures.errorSamples.length > 0) lines.push(`viewers: error samples: ${figures.errorSamples.join("; ")}`);
  return lines;
}
