/** The ingest table: the figures a user pays for first (CPU, memory, startup, availability, GET latency, errors), then how the run went. */
import { markdownTable } from "../table.ts";
import type { IngestBenchRow } from "./rows.ts";

const pair = (a: number | undefined, b: number | undefined, digits: number) => (a === undefined && b === undefined ? undefined : `${a?.toFixed(digits) ?? "—"} / ${b?.toFixed(digits) ?? "—"}`);

export function formatIngestTable(rows: readonly IngestBenchRow[]): string {
  return markdownTable(
    [
      "scenario", "N", "server", "CPU %/stream", "RSS MB", "first playlist s (median / max)", "segment listed after media end s (p50 / p95)",
      "playlist GET ms (p50 / p99)", "errors (3 s timeouts / non-200 / conn. failed / publishers failed)",
      "GET p99 ms without each viewer's first", "CPU % total", "PSS MB", "ffmpeg share", "CPU % per media s", "speed ×", "segments listed / downloaded", "playlists / N", "publisher start s", "load 1m",
    ],
    rows.map((r) => {
      const viewed = r.server !== "bare ffmpeg" && r.scenario !== "idle";
      return [
        r.scenario,
        r.streams,
        r.server,
        r.cpuPercentPerStream,
        r.rssMb,
        pair(r.firstPlaylistMedianSeconds, r.firstPlaylistMaxSeconds, 2),
        pair(r.segmentAvailabilityP50Seconds, r.segmentAvailabilityP95Seconds, 2),
        pair(r.playlistGetP50Ms, r.playlistGetP99Ms, 1),
        viewed ? `${r.getTimeouts} / ${r.getNon200} / ${r.getFailed} / ${r.publishersFailed}` : undefined,
        r.playlistGetP99AfterFirstMs,
        r.cpuPercent,
        r.pssMb,
        r.ffmpegCpuShare === undefined ? undefined : `${Math.round(r.ffmpegCpuShare * 100)} %`,
        r.cpuPercentPerMediaSecond,
        r.speed,
        viewed ? `${r.segments} / ${r.segmentsDownloaded}` : undefined,
        viewed ? `${r.streamsWithPlaylist} / ${r.streams}` : undefined,
        r.publisherStartSeconds,
        r.loadAverage,
      ];
    }),
  );
}
