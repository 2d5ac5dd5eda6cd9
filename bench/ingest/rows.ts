/** One row of the ingest table: what one server cost and delivered for one scenario at one N. */
import type { RunMeasurement } from "./measure-run.ts";

export type IngestScenario = "idle" | "passthrough" | "transcoded ladder";
export type IngestServer = "tributary platform" | "nginx-rtmp" | "bare ffmpeg";

export interface IngestBenchRow {
  scenario: IngestScenario;
  streams: number;
  server: IngestServer;
  /** CPU time over wall time per stream, in % of one core, summed over every process of the server. */
  cpuPercentPerStream: number | undefined;
  /** CPU time over wall time of the whole server, in % of one core (the idle row's figure). */
  cpuPercent: number;
  /** The share of the CPU spent in ffmpeg processes (the rest: the platform's Node processes, nginx itself). */
  ffmpegCpuShare: number | undefined;
  /**
   * Media seconds per wall second per stream, from the bytes the tree's ladder ffmpeg processes read at
   * the source's byte rate (1.0 = real time; undefined without a ladder ffmpeg).
   */
  speed: number | undefined;
  /** CPU seconds per media second per stream, in % of one core: CPU cost independent of keeping up. */
  cpuPercentPerMediaSecond: number | undefined;
  /** Peak of the summed VmRSS of the server's process tree (the figure the targets use). */
  rssMb: number;
  /** Peak of the summed PSS: shared pages (one Node binary in three processes) counted once. */
  pssMb: number;
  firstPlaylistMedianSeconds: number | undefined;
  firstPlaylistMaxSeconds: number | undefined;
  segmentAvailabilityP50Seconds: number | undefined;
  segmentAvailabilityP95Seconds: number | undefined;
  playlistGetP50Ms: number | undefined;
  playlistGetP99Ms: number | undefined;
  /** p99 without each viewer's first media playlist GET. */
  playlistGetP99AfterFirstMs: number | undefined;
  playlistGets: number;
  /** Viewer GETs (playlists and segments) unanswered after 3 s. */
  getTimeouts: number;
  /** Viewer GETs answered other than 200 once the stream was live. */
  getNon200: number;
  /** Viewer GETs whose connection failed (refused, reset). */
  getFailed: number;
  /** A few of the viewers' errors, described. */
  errorSamples: string[];
  publishersFailed: number;
  segments: number;
  segmentsDownloaded: number;
  streamsWithPlaylist: number;
  /** Median seconds from publisher spawn to its media time 0 going out. */
  publisherStartSeconds: number | undefined;
  measuredSeconds: number;
  /** 1-minute load average at the end of the run (2 shared cores: above 2 means contention). */
  loadAverage: number;
}

/** Every error a viewer or publisher of the row met. */
export function errorCount(row: IngestBenchRow): number {
  return row.getTimeouts + row.getNon200 + row.getFailed + row.publishersFailed;
}

export function measuredRow(scenario: IngestScenario, streams: number, server: IngestServer, m: RunMeasurement, sourceBytesPerSecond: number): IngestBenchRow {
  // Media time is read off the ladder ffmpeg's input; passthrough has no such ffmpeg.
  const mediaSeconds = scenario === "transcoded ladder" ? m.usage.ffmpegBytesRead / sourceBytesPerSecond : 0;
  return {
    scenario,
    streams,
    server,
    cpuPercentPerStream: streams > 0 ? (m.usage.cores * 100) / streams : undefined,
    cpuPercent: m.usage.cores * 100,
    ffmpegCpuShare: m.usage.ffmpegCpuSeconds > 0 ? m.usage.ffmpegCpuSeconds / m.usage.cpuSeconds : undefined,
    speed: mediaSeconds > 0 ? mediaSeconds / m.usage.wallSeconds / streams : undefined,
    cpuPercentPerMediaSecond: mediaSeconds > 0 ? (m.usage.cpuSeconds / mediaSeconds) * 100 : undefined,
    rssMb: m.usage.peakRssMb,
    pssMb: m.usage.peakPssMb,
    firstPlaylistMedianSeconds: m.firstPlaylistMedianSeconds,
    firstPlaylistMaxSeconds: m.firstPlaylistMaxSeconds,
    segmentAvailabilityP50Seconds: m.availabilityP50,
    segmentAvailabilityP95Seconds: m.availabilityP95,
    playlistGetP50Ms: m.playlistGetP50Ms,
    playlistGetP99Ms: m.playlistGetP99Ms,
    playlistGetP99AfterFirstMs: m.playlistGetP99AfterFirstMs,
    playlistGets: m.playlistGets,
    getTimeouts: m.errors.timeouts,
    getNon200: m.errors.non200,
    getFailed: m.errors.failed,
    errorSamples: m.errorSamples,
    publishersFailed: m.publishersFailed,
    segments: m.segments,
    segmentsDownloaded: m.segmentsDownloaded,
    streamsWithPlaylist: m.streamsWithPlaylist,
    publisherStartSeconds: m.publisherStartSeconds,
    measuredSeconds: m.usage.wallSeconds,
    loadAverage: m.loadAverage,
  };
}
