/**
 * Ingest benchmark: what a user pays for. N concurrent RTMP publishers (ffmpeg replaying a pre-made
 * 720p30 3 Mb/s FLV with `-re`, stream copy) into the Tributary platform as `npm start` runs it (a
 * supervisor with relay and edge processes, in a child of the bench; streams made through its API:
 * passthrough ladder, recording off, normal latency) and into nginx-rtmp (HLS on, 2 s fragments, one
 * worker, its own http server serving the HLS files), one run each, all on 127.0.0.1.
 * One viewer per stream (all in a separate, unmeasured process) polls the media playlist about every
 * 100 ms — through the edge on a signed playback URL, or from nginx's http server — and downloads
 * each new segment. Per run: CPU (% of one core per stream) and RSS summed over every process the
 * server runs; first playlist (from publisher spawn); segment availability (listed − media end);
 * playlist GET latency; errors (GETs timed out at 3 s, non-200s once live, failed publishers).
 * The platform idle gives the baseline memory, and the transcoded ladder is also run as a bare ffmpeg
 * command (same argv, file input) to get the platform's overhead over ffmpeg.
 * Targets: bench/ingest/verdicts.ts.
 */
import { stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { defaultLadderArgs, withFileInput } from "./ingest/bare-ffmpeg.ts";
import { ensureNeeds } from "./ingest/needs.ts";
import { measuredRow, type IngestBenchRow } from "./ingest/rows.ts";
import { bareRun, idleRun, nginxRun, platformRun, type RunSettings } from "./ingest/runs.ts";
import { ensureSourceFile, SOURCE } from "./ingest/source-file.ts";
import { FULL_TARGETS, ingestVerdicts, type IngestTargets } from "./ingest/verdicts.ts";

export { formatIngestTable } from "./ingest/ingest-table.ts";
export type { IngestBenchRow } from "./ingest/rows.ts";

export interface IngestBenchOptions {
  /** Smaller N and shorter runs (a few minutes in all); targets are read at its largest N. */
  quick?: boolean;
  /** Seconds each run publishes; defaults to 30 (12 in quick mode). */
  seconds?: number;
  /** Where the source FLV is kept between runs. */
  sourcePath?: string;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface IngestBenchResult {
  rows: IngestBenchRow[];
  /** Target checks, as text lines. */
  verdicts: string[];
  targets: IngestTargets;
  /** The ladder argv the bare ffmpeg baseline ran. */
  ladderArgs: string[] | undefined;
}

interface Mode {
  passthroughStreams: number[];
  /** Two cores cannot run more than ~2 full ladders in real time. */
  ladderStreams: number[];
  seconds: number;
  idleSeconds: number;
  targets: IngestTargets;
}

const FULL: Mode = { passthroughStreams: [1, 10, 50, 200], ladderStreams: [1, 2], seconds: 30, idleSeconds: 10, targets: FULL_TARGETS };
const QUICK: Mode = { passthroughStreams: [1, 5, 10], ladderStreams: [1], seconds: 12, idleSeconds: 4, targets: { ...FULL_TARGETS, cpuStreams: 10, scaleStreams: 10, getStreams: 10 } };

/**
 * Runs every scenario in turn and returns the rows (idle, then one per scenario × N × server) and verdicts.
 * @example const { rows, verdicts } = await runIngestBench({ quick: true }); console.log(formatIngestTable(rows));
 */
export async function runIngestBench(options: IngestBenchOptions = {}): Promise<IngestBenchResult> {
  await ensureNeeds();
  const mode = options.quick ? QUICK : FULL;
  const log = options.log ?? (() => {});
  const seconds = options.seconds ?? mode.seconds;
  const file = await ensureSourceFile(options.sourcePath ?? fileURLToPath(new URL("./results/cache/source-720p30-3mbps.flv", import.meta.url)));
  const sourceBytesPerSecond = (await stat(file)).size / SOURCE.seconds;
  const settings: RunSettings = { file, sourceBytesPerSecond, seconds, warmupSeconds: Math.min(4, Math.round(seconds / 4)) };
  const rows: IngestBenchRow[] = [];
  const add = (row: IngestBenchRow) => {
    rows.push(row);
    log(`ingest:   ${row.cpuPercentPerStream?.toFixed(2) ?? "—"} %/stream, ${row.rssMb.toFixed(0)} MB, ${row.streamsWithPlaylist}/${row.streams} playing, availability p95 ${row.segmentAvailabilityP95Seconds?.toFixed(2) ?? "—"} s, GET p99 ${row.playlistGetP99Ms?.toFixed(1) ?? "—"} ms, errors ${row.getTimeouts}/${row.getNon200}/${row.getFailed}/${row.publishersFailed}`);
  };

  log("ingest: idle platform (no streams)");
  add(measuredRow("idle", 0, "tributary platform", await idleRun(mode.idleSeconds), sourceBytesPerSecond));
  for (const streams of mode.passthroughStreams) {
    log(`ingest: passthrough, N = ${streams}, tributary platform`);
    add(measuredRow("passthrough", streams, "tributary platform", await platformRun(settings, streams, "passthrough"), sourceBytesPerSecond));
    log(`ingest: passthrough, N = ${streams}, nginx-rtmp`);
    add(measuredRow("passthrough", streams, "nginx-rtmp", await nginxRun(settings, streams), sourceBytesPerSecond));
  }

  let ladderArgs: string[] | undefined;
  for (const streams of mode.ladderStreams) {
    log(`ingest: transcoded ladder, N = ${streams}, tributary platform`);
    add(measuredRow("transcoded ladder", streams, "tributary platform", await platformRun(settings, streams, "default", (args) => (ladderArgs ??= args)), sourceBytesPerSecond));
    const bareArgs = ladderArgs ? withFileInput(ladderArgs, file) : defaultLadderArgs(file);
    log(`ingest: transcoded ladder, N = ${streams}, bare ffmpeg${ladderArgs ? "" : " (argv rebuilt: none captured from the relay)"}`);
    add(measuredRow("transcoded ladder", streams, "bare ffmpeg", await bareRun(settings, streams, bareArgs), sourceBytesPerSecond));
  }
  return { rows, verdicts: ingestVerdicts(rows, mode.targets), targets: mode.targets, ladderArgs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatIngestTable } = await import("./ingest/ingest-table.ts");
  const result = await runIngestBench({ quick: process.argv.includes("--quick"), log: (line) => console.error(line) });
  console.log(formatIngestTable(result.rows));
  for (const line of result.verdicts) console.log(line);
}
