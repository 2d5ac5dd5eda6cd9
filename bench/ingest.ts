/**
 * Ingest benchmark: N concurrent RTMP publishers (ffmpeg replaying a pre-made 720p30 3 Mb/s FLV with
 * `-re`, stream copy) into the Tributary relay (in a child process, measured with its ffmpeg children)
 * and into nginx-rtmp (HLS on, 2 s fragments, one worker) in the same run with the same publishers.
 * Per run: server CPU (% of one core per stream, from /proc utime+stime of the whole process tree),
 * RSS (sum of VmRSS), time from publish start to the first playlist listing a segment, and segment
 * availability (listing time − media end, playlists polled every 100 ms). The transcoded ladder is also
 * run as a bare ffmpeg command (same argv, file input) to get the packaging overhead.
 * Targets: passthrough CPU/stream ≤ nginx-rtmp's at the largest N; transcoded CPU ≤ 1.05 × bare ffmpeg.
 */
import { stat } from "node:fs/promises";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { defaultLadderArgs, relayLadderArgs, startBareFfmpeg, withFileInput } from "./ingest/bare-ffmpeg.ts";
import { measureRun, type RunMeasurement } from "./ingest/measure-run.ts";
import { startNginxRtmpServer } from "./ingest/nginx-rtmp-server.ts";
import { startPlatformServer } from "./ingest/platform-server.ts";
import { treeSampler } from "./ingest/proc-usage.ts";
import { ensureSourceFile, SOURCE } from "./ingest/source-file.ts";
import { markdownTable } from "./table.ts";

export type IngestScenario = "passthrough" | "transcoded ladder";
export type IngestServer = "tributary relay" | "nginx-rtmp" | "bare ffmpeg";

export interface IngestBenchOptions {
  /** Smaller N and shorter runs (about 2–3 minutes in all). */
  quick?: boolean;
  /** Seconds each run publishes; defaults to 20 (12 in quick mode). */
  seconds?: number;
  /** Where the source FLV is kept between runs. */
  sourcePath?: string;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface IngestBenchRow {
  scenario: IngestScenario;
  streams: number;
  server: IngestServer;
  /** CPU time over wall time per stream, in % of one core. */
  cpuPercentPerStream: number;
  /** The share of the CPU spent in ffmpeg processes (the rest: the relay's Node process, nginx itself). */
  ffmpegCpuShare: number | undefined;
  /**
   * Media seconds per wall second per stream, from the bytes the tree's ffmpeg processes read at the
   * source's byte rate (1.0 = real time; undefined without ffmpeg, e.g. nginx-rtmp).
   */
  speed: number | undefined;
  /** CPU seconds per media second per stream, in % of one core: CPU cost independent of keeping up. */
  cpuPercentPerMediaSecond: number | undefined;
  /** Peak of the summed VmRSS of the server's process tree. */
  rssMb: number;
  firstPlaylistSeconds: number | undefined;
  segmentAvailabilityP50Seconds: number | undefined;
  segmentAvailabilityP95Seconds: number | undefined;
  segments: number;
  streamsWithPlaylist: number;
  publishersFailed: number;
  /** Median seconds from publisher spawn to its media time 0 going out. */
  publisherStartSeconds: number | undefined;
  measuredSeconds: number;
  /** 1-minute load average at the end of the run (2 shared cores: above 2 means contention). */
  loadAverage: number;
}

export interface IngestBenchResult {
  rows: IngestBenchRow[];
  /** Target checks, as text lines. */
  verdicts: string[];
  /** The ladder argv the bare ffmpeg baseline ran. */
  ladderArgs: string[] | undefined;
}

/** Passthrough only: video and the publisher's AAC remuxed into CMAF in the relay, no ffmpeg (like nginx-rtmp's remux). */
const PASSTHROUGH_LADDER = JSON.stringify({ rungs: [], passthrough: true });

function row(scenario: IngestScenario, streams: number, server: IngestServer, m: RunMeasurement, sourceBytesPerSecond: number): IngestBenchRow {
  // Media time is read off the ladder ffmpeg's input; passthrough has no such ffmpeg (only thumbnails).
  const mediaSeconds = scenario === "passthrough" ? 0 : m.usage.ffmpegBytesRead / sourceBytesPerSecond;
  return {
    scenario,
    streams,
    server,
    cpuPercentPerStream: (m.usage.cores * 100) / streams,
    ffmpegCpuShare: m.usage.ffmpegCpuSeconds > 0 ? m.usage.ffmpegCpuSeconds / m.usage.cpuSeconds : undefined,
    speed: mediaSeconds > 0 ? mediaSeconds / m.usage.wallSeconds / streams : undefined,
    cpuPercentPerMediaSecond: mediaSeconds > 0 ? (m.usage.cpuSeconds / mediaSeconds) * 100 : undefined,
    rssMb: m.usage.peakRssMb,
    firstPlaylistSeconds: m.firstPlaylistSeconds,
    segmentAvailabilityP50Seconds: m.availabilityP50,
    segmentAvailabilityP95Seconds: m.availabilityP95,
    segments: m.segments,
    streamsWithPlaylist: m.streamsWithPlaylist,
    publishersFailed: m.publishersFailed,
    publisherStartSeconds: m.publisherStartSeconds,
    measuredSeconds: m.usage.wallSeconds,
    loadAverage: m.loadAverage,
  };
}

interface RunSettings {
  file: string;
  /** The source file's size over its duration. */
  sourceBytesPerSecond: number;
  seconds: number;
  warmupSeconds: number;
}

async function relayRun(settings: RunSettings, streams: number, ladder: string, rendition: string, captureArgs?: (args: string[]) => void): Promise<RunMeasurement> {
  const server = await startPlatformServer();
  try {
    const created = await server.createStreams(streams, ladder);
    return await measureRun({
      ...settings,
      urls: created.map((s) => s.url),
      playlists: created.map((s) => server.playlistReader(s.streamId, rendition)),
      serverPids: () => [server.pid],
      ...(captureArgs ? { midRun: async () => void (await relayLadderArgs(server.pid).then((args) => args && captureArgs(args))) } : {}),
    });
  } finally {
    await server.stop();
  }
}

async function nginxRun(settings: RunSettings, streams: number): Promise<RunMeasurement> {
  const server = await startNginxRtmpServer();
  try {
    const names = Array.from({ length: streams }, (_, i) => `bench${i}`);
    return await measureRun({ ...settings, urls: names.map(server.publishUrl), playlists: names.map(server.playlistReader), serverPids: () => [server.pid] });
  } finally {
    await server.stop();
  }
}

async function bareRun(settings: RunSettings, streams: number, args: string[]): Promise<RunMeasurement> {
  const bare = startBareFfmpeg(args, streams, settings.seconds);
  const startedAt = performance.now();
  const sampler = treeSampler(bare.pids);
  await new Promise((resolve) => setTimeout(resolve, settings.warmupSeconds * 1000));
  await sampler.start();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startedAt + (settings.seconds - 0.5) * 1000 - performance.now())));
  const usage = await sampler.stop();
  await bare.exited;
  const nothing = { firstPlaylistSeconds: undefined, availabilityP50: undefined, availabilityP95: undefined, publisherStartSeconds: undefined };
  return { usage, ...nothing, segments: 0, streamsWithPlaylist: 0, publishersFailed: 0, loadAverage: loadavg()[0] ?? 0 };
}

function verdicts(rows: readonly IngestBenchRow[]): string[] {
  const find = (scenario: IngestScenario, server: IngestServer, streams: number) => rows.find((r) => r.scenario === scenario && r.server === server && r.streams === streams);
  const lines: string[] = [];
  const passthroughN = Math.max(0, ...rows.filter((r) => r.scenario === "passthrough").map((r) => r.streams));
  const ours = find("passthrough", "tributary relay", passthroughN);
  const nginx = find("passthrough", "nginx-rtmp", passthroughN);
  const broken = rows.filter((r) => r.server !== "bare ffmpeg" && (r.streamsWithPlaylist < r.streams || r.publishersFailed > 0));
  for (const r of broken) {
    lines.push(`${r.scenario}, N = ${r.streams}, ${r.server}: ${r.streams - r.streamsWithPlaylist} stream(s) never listed a segment, ${r.publishersFailed} publisher(s) failed: its figures are not a measurement`);
  }
  const usable = (r: IngestBenchRow | undefined) => r !== undefined && !broken.includes(r);
  if (ours && nginx && usable(ours) && usable(nginx)) {
    const ratio = ours.cpuPercentPerStream / nginx.cpuPercentPerStream;
    lines.push(`passthrough CPU/stream at N = ${passthroughN}: ${ratio.toFixed(2)} × nginx-rtmp (target ≤ 1.00): ${ratio <= 1 ? "met" : "NOT met"}`);
  }
  for (const streams of [...new Set(rows.filter((r) => r.scenario === "transcoded ladder").map((r) => r.streams))]) {
    const relay = find("transcoded ladder", "tributary relay", streams);
    const bare = find("transcoded ladder", "bare ffmpeg", streams);
    if (!relay || !bare || !usable(relay)) continue;
    // Per media second when both know their progress: a starved run does less work, not cheaper work.
    const perMedia = relay.cpuPercentPerMediaSecond !== undefined && bare.cpuPercentPerMediaSecond !== undefined;
    const overhead = perMedia ? (relay.cpuPercentPerMediaSecond ?? 0) / (bare.cpuPercentPerMediaSecond ?? 1) : relay.cpuPercentPerStream / bare.cpuPercentPerStream;
    const basis = perMedia ? "CPU per media second" : "CPU per wall second";
    const slow = [relay, bare].filter((r) => r.speed !== undefined && r.speed < 0.95).map((r) => `${r.server} ran at ${r.speed?.toFixed(2)}× real time`);
    lines.push(`transcoded ladder at N = ${streams}: ${overhead.toFixed(3)} × bare ffmpeg, ${basis} (target ≤ 1.05): ${overhead <= 1.05 ? "met" : "NOT met"}${slow.length > 0 ? ` (${slow.join(", ")}: not real time on this machine)` : ""}`);
  }
  return lines;
}

/**
 * Runs every scenario in turn and returns the rows (one per scenario × N × server).
 * @example const { rows } = await runIngestBench({ quick: true }); console.log(formatIngestTable(rows));
 */
export async function runIngestBench(options: IngestBenchOptions = {}): Promise<IngestBenchResult> {
  const quick = options.quick ?? false;
  const log = options.log ?? (() => {});
  const seconds = options.seconds ?? (quick ? 12 : 20);
  const file = await ensureSourceFile(options.sourcePath ?? fileURLToPath(new URL("./results/cache/source-720p30-3mbps.flv", import.meta.url)));
  const sourceBytesPerSecond = (await stat(file)).size / SOURCE.seconds;
  const settings: RunSettings = { file, sourceBytesPerSecond, seconds, warmupSeconds: Math.min(4, Math.round(seconds / 4)) };
  const rows: IngestBenchRow[] = [];

  for (const streams of quick ? [1, 5, 10] : [1, 10, 50]) {
    log(`ingest: passthrough, N = ${streams}, tributary relay`);
    rows.push(row("passthrough", streams, "tributary relay", await relayRun(settings, streams, PASSTHROUGH_LADDER, "source"), sourceBytesPerSecond));
    log(`ingest: passthrough, N = ${streams}, nginx-rtmp`);
    rows.push(row("passthrough", streams, "nginx-rtmp", await nginxRun(settings, streams), sourceBytesPerSecond));
  }

  // Two cores cannot run more than ~2 full ladders in real time (and quick mode runs one).
  let ladderArgs: string[] | undefined;
  for (const streams of quick ? [1] : [1, 2]) {
    log(`ingest: transcoded ladder, N = ${streams}, tributary relay`);
    rows.push(row("transcoded ladder", streams, "tributary relay", await relayRun(settings, streams, "default", "720p", (args) => (ladderArgs ??= args)), sourceBytesPerSecond));
    const bareArgs = ladderArgs ? withFileInput(ladderArgs, file) : defaultLadderArgs(file);
    log(`ingest: transcoded ladder, N = ${streams}, bare ffmpeg${ladderArgs ? "" : " (argv rebuilt: none captured from the relay)"}`);
    rows.push(row("transcoded ladder", streams, "bare ffmpeg", await bareRun(settings, streams, bareArgs), sourceBytesPerSecond));
  }
  return { rows, verdicts: verdicts(rows), ladderArgs };
}

export function formatIngestTable(rows: readonly IngestBenchRow[]): string {
  return markdownTable(
    ["scenario", "N", "server", "CPU %/stream", "CPU % per media s", "ffmpeg share", "speed ×", "RSS MB", "first playlist s", "seg avail p50 / p95 s", "segments", "playlists / N", "publisher start s", "load 1m"],
    rows.map((r) => [
      r.scenario,
      r.streams,
      r.server,
      r.cpuPercentPerStream,
      r.cpuPercentPerMediaSecond,
      r.ffmpegCpuShare === undefined ? undefined : `${Math.round(r.ffmpegCpuShare * 100)} %`,
      r.speed,
      r.rssMb,
      r.firstPlaylistSeconds,
      r.server === "bare ffmpeg" ? undefined : `${fmt(r.segmentAvailabilityP50Seconds)} / ${fmt(r.segmentAvailabilityP95Seconds)}`,
      r.server === "bare ffmpeg" ? undefined : r.segments,
      r.server === "bare ffmpeg" ? undefined : `${r.streamsWithPlaylist} / ${r.streams}`,
      r.publisherStartSeconds,
      r.loadAverage,
    ]),
  );
}

function fmt(value: number | undefined): string {
  return value === undefined ? "—" : value.toFixed(2);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runIngestBench({ quick: process.argv.includes("--quick"), log: (line) => console.error(line) });
  console.log(formatIngestTable(result.rows));
  for (const line of result.verdicts) console.log(line);
}
