/**
 * The ingest targets, checked against one run's rows and printed as "met" / "NOT met" lines with the
 * measured ratio. Which N each target is read at is data (the quick mode reads them at its largest N).
 */
import { errorCount, type IngestBenchRow, type IngestScenario, type IngestServer } from "./rows.ts";

export interface IngestTargets {
  /** Passthrough CPU per stream ≤ `cpuRatio` × nginx-rtmp's, at `cpuStreams`. */
  cpuStreams: number;
  cpuRatio: number;
  /** At `scaleStreams`: no errors and segment availability p95 ≤ `availabilityP95Seconds`. */
  scaleStreams: number;
  availabilityP95Seconds: number;
  /** The platform with no streams, all processes. */
  idleRssMb: number;
  /** (RSS at `scaleStreams` − idle RSS) / N. */
  rssPerStreamMb: number;
  /** Playlist GETs through the edge at `getStreams`: no timeouts, p99 ≤ `getP99Ms`. */
  getStreams: number;
  getP99Ms: number;
  /** Transcoded ladder CPU ≤ `ladderRatio` × the same ladder as a bare ffmpeg command. */
  ladderRatio: number;
}

export const FULL_TARGETS: IngestTargets = { cpuStreams: 50, cpuRatio: 1, scaleStreams: 200, availabilityP95Seconds: 0.5, idleRssMb: 120, rssPerStreamMb: 5, getStreams: 50, getP99Ms: 50, ladderRatio: 1.05 };

const met = (ok: boolean) => (ok ? "met" : "NOT met");
const ms = (value: number | undefined) => (value === undefined ? "—" : `${value.toFixed(1)} ms`);
const s = (value: number | undefined) => (value === undefined ? "—" : `${value.toFixed(2)} s`);

/** A row whose streams did not all play, or whose publishers failed, measured something else. */
function broken(row: IngestBenchRow): boolean {
  return row.server !== "bare ffmpeg" && row.scenario !== "idle" && (row.streamsWithPlaylist < row.streams || row.publishersFailed > 0);
}

function scaleLine(row: IngestBenchRow | undefined, streams: number, server: IngestServer, targets: IngestTargets): string {
  if (!row) return `N = ${streams} passthrough, ${server}: not run`;
  const errors = errorCount(row);
  const p95 = row.segmentAvailabilityP95Seconds;
  const ok = errors === 0 && p95 !== undefined && p95 <= targets.availabilityP95Seconds && !broken(row);
  return `N = ${streams} passthrough, ${server}: ${errors} error(s), segment availability p95 ${s(p95)} = ${p95 === undefined ? "—" : (p95 / targets.availabilityP95Seconds).toFixed(2)} × the ${targets.availabilityP95Seconds} s target (0 errors, p95 ≤ ${targets.availabilityP95Seconds} s): ${met(ok)}`;
}

function ladderLines(rows: readonly IngestBenchRow[], find: (scenario: IngestScenario, server: IngestServer, streams: number) => IngestBenchRow | undefined, targets: IngestTargets): string[] {
  const lines: string[] = [];
  for (const streams of [...new Set(rows.filter((r) => r.scenario === "transcoded ladder").map((r) => r.streams))]) {
    const ours = find("transcoded ladder", "tributary platform", streams);
    const bare = find("transcoded ladder", "bare ffmpeg", streams);
    if (!ours || !bare || broken(ours)) continue;
    // Per media second when both know their progress: a starved run does less work, not cheaper work.
    const perMedia = ours.cpuPercentPerMediaSecond !== undefined && bare.cpuPercentPerMediaSecond !== undefined;
    const overhead = perMedia ? (ours.cpuPercentPerMediaSecond ?? 0) / (bare.cpuPercentPerMediaSecond ?? 1) : (ours.cpuPercentPerStream ?? 0) / (bare.cpuPercentPerStream ?? 1);
    const basis = perMedia ? "CPU per media second" : "CPU per wall second";
    const slow = [ours, bare].filter((r) => r.speed !== undefined && r.speed < 0.95).map((r) => `${r.server} ran at ${r.speed?.toFixed(2)}× real time`);
    lines.push(`transcoded ladder at N = ${streams}: ${overhead.toFixed(3)} × bare ffmpeg, ${basis} (target ≤ ${targets.ladderRatio}): ${met(overhead <= targets.ladderRatio)}${slow.length > 0 ? ` (${slow.join(", ")}: not real time on this machine)` : ""}`);
  }
  return lines;
}

export function ingestVerdicts(rows: readonly IngestBenchRow[], targets: IngestTargets): string[] {
  const find = (scenario: IngestScenario, server: IngestServer, streams: number) => rows.find((r) => r.scenario === scenario && r.server === server && r.streams === streams);
  const lines = rows.filter(broken).map((r) => `${r.scenario}, N = ${r.streams}, ${r.server}: ${r.streams - r.streamsWithPlaylist} stream(s) never listed a segment to its viewer, ${r.publishersFailed} publisher(s) failed: its figures are not a measurement`);

  const ours = find("passthrough", "tributary platform", targets.cpuStreams);
  const nginx = find("passthrough", "nginx-rtmp", targets.cpuStreams);
  if (ours?.cpuPercentPerStream !== undefined && nginx?.cpuPercentPerStream !== undefined && !broken(ours) && !broken(nginx)) {
    const ratio = ours.cpuPercentPerStream / nginx.cpuPercentPerStream;
    lines.push(`passthrough CPU/stream at N = ${targets.cpuStreams}: ${ours.cpuPercentPerStream.toFixed(2)} % vs ${nginx.cpuPercentPerStream.toFixed(2)} % = ${ratio.toFixed(2)} × nginx-rtmp (target ≤ ${targets.cpuRatio.toFixed(2)}): ${met(ratio <= targets.cpuRatio)}`);
  }

  lines.push(scaleLine(find("passthrough", "tributary platform", targets.scaleStreams), targets.scaleStreams, "tributary platform", targets));
  lines.push(`  (reference) ${scaleLine(find("passthrough", "nginx-rtmp", targets.scaleStreams), targets.scaleStreams, "nginx-rtmp", targets)}`);

  const idle = find("idle", "tributary platform", 0);
  if (idle) {
    lines.push(`idle platform RSS (all processes): ${idle.rssMb.toFixed(0)} MB = ${(idle.rssMb / targets.idleRssMb).toFixed(2)} × the ${targets.idleRssMb} MB target: ${met(idle.rssMb <= targets.idleRssMb)}`);
    const loaded = find("passthrough", "tributary platform", targets.scaleStreams);
    if (loaded) {
      const perStream = (loaded.rssMb - idle.rssMb) / loaded.streams;
      lines.push(`RSS per added passthrough stream at N = ${loaded.streams}: (${loaded.rssMb.toFixed(0)} − ${idle.rssMb.toFixed(0)}) / ${loaded.streams} = ${perStream.toFixed(2)} MB = ${(perStream / targets.rssPerStreamMb).toFixed(2)} × the ${targets.rssPerStreamMb} MB target: ${met(perStream <= targets.rssPerStreamMb)}`);
    }
  }

  const edge = find("passthrough", "tributary platform", targets.getStreams);
  if (edge) {
    const p99 = edge.playlistGetP99Ms;
    const ok = edge.getTimeouts === 0 && p99 !== undefined && p99 <= targets.getP99Ms;
    lines.push(`playlist GET through the edge at N = ${targets.getStreams}: ${edge.getTimeouts} timeout(s), p99 ${ms(p99)} = ${p99 === undefined ? "—" : (p99 / targets.getP99Ms).toFixed(2)} × the ${targets.getP99Ms} ms target (0 timeouts, p99 ≤ ${targets.getP99Ms} ms): ${met(ok)}`);
  }
  const samples = rows.filter((r) => r.errorSamples.length > 0).map((r) => `errors seen, ${r.scenario}, N = ${r.streams}, ${r.server}: ${r.errorSamples.join("; ")}`);
  return [...lines, ...ladderLines(rows, find, targets), ...samples];
}
