/**
 * One measured run: one viewer per stream starts polling (in the viewers' own process), then N
 * publishers start together, and the server's process tree is sampled from the end of a warm-up to
 * just before the publishers stop; the viewers stop then too, so teardown counts for neither.
 * First playlist is timed from publisher spawn; segment availability from when each publisher sent its
 * media time 0 (so publisher start-up on a busy machine does not count against the server).
 */
import { loadavg } from "node:os";
import { treeSampler, type TreeUsage } from "./proc-usage.ts";
import { startPublishers } from "./publishers.ts";
import { median, percentile } from "./stats.ts";
import type { ViewerErrors, ViewerObservation, ViewerTarget } from "./viewer.ts";
import { startViewerPool, type ViewerPool } from "./viewer-pool.ts";

export interface RunPlan {
  /** Source file every publisher replays. */
  file: string;
  /** Publish URLs, one per stream. */
  urls: readonly string[];
  /** Playback targets, one per stream (same order as `urls`). */
  viewers: readonly ViewerTarget[];
  /** Processes whose trees are the server. */
  serverPids: () => readonly number[];
  seconds: number;
  warmupSeconds: number;
  /** Called once, mid-run, while everything is up (e.g. to capture the relay's ffmpeg argv). */
  midRun?: () => Promise<void>;
}

export interface PlaybackFigures {
  /** Over streams: seconds from publisher spawn to a playlist listing ≥ 1 segment, as a viewer saw it. */
  firstPlaylistMedianSeconds: number | undefined;
  firstPlaylistMaxSeconds: number | undefined;
  /** Listing time − (publisher media time 0 + segment media end), over every segment of every stream. */
  availabilityP50: number | undefined;
  availabilityP95: number | undefined;
  segments: number;
  segmentsDownloaded: number;
  streamsWithPlaylist: number;
  playlistGets: number;
  playlistGetP50Ms: number | undefined;
  playlistGetP99Ms: number | undefined;
  /** p99 without each viewer's first media playlist GET (the one that meets a cold stream). */
  playlistGetP99AfterFirstMs: number | undefined;
  errors: ViewerErrors;
  /** Distinct error descriptions the viewers sampled (a few). */
  errorSamples: string[];
}

export interface RunMeasurement extends PlaybackFigures {
  usage: TreeUsage;
  publishersFailed: number;
  /** Median over publishers of seconds from spawn to sending media time 0 (their start-up). */
  publisherStartSeconds: number | undefined;
  /** 1-minute load average at the end of the run: how busy the shared machine was. */
  loadAverage: number;
}

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

/** This process's performance.now() on the wall clock, as the viewers' process reports times. */
const wall = (at: number) => performance.timeOrigin + at;

function playbackFigures(observations: readonly ViewerObservation[], spawnedAt: number, mediaZeroAt: (index: number) => number | undefined): PlaybackFigures {
  const firsts = observations.flatMap((o) => (o.firstPlaylistAt === undefined ? [] : [(o.firstPlaylistAt - wall(spawnedAt)) / 1000]));
  // Media time 0 of each stream on the wall clock: when its publisher sent it (spawn time as a fallback).
  const availability = observations.flatMap((o, i) => {
    const zero = wall(mediaZeroAt(i) ?? spawnedAt);
    return o.segments.map((s) => (s.listedAt - zero) / 1000 - s.mediaEnd);
  });
  const gets = observations.flatMap((o) => o.playlistMs);
  const sum = (pick: (o: ViewerObservation) => number) => observations.reduce((total, o) => total + pick(o), 0);
  return {
    firstPlaylistMedianSeconds: median(firsts),
    firstPlaylistMaxSeconds: firsts.length > 0 ? Math.max(...firsts) : undefined,
    availabilityP50: percentile(availability, 0.5),
    availabilityP95: percentile(availability, 0.95),
    segments: availability.length,
    segmentsDownloaded: sum((o) => o.segmentsDownloaded),
    streamsWithPlaylist: firsts.length,
    playlistGets: gets.length,
    playlistGetP50Ms: percentile(gets, 0.5),
    playlistGetP99Ms: percentile(gets, 0.99),
    playlistGetP99AfterFirstMs: percentile(observations.flatMap((o) => o.playlistMs.slice(1)), 0.99),
    errors: { timeouts: sum((o) => o.errors.timeouts), non200: sum((o) => o.errors.non200), failed: sum((o) => o.errors.failed) },
    errorSamples: [...new Set(observations.flatMap((o) => o.errorSamples))].slice(0, 5),
  };
}

export async function measureRun(plan: RunPlan): Promise<RunMeasurement> {
  const pool: ViewerPool = await startViewerPool(plan.viewers);
  const publishers = startPublishers(plan.file, plan.urls, plan.seconds);
  const sampler = treeSampler(plan.serverPids());
  let usage: TreeUsage;
  let observations: ViewerObservation[];
  try {
    await sleepUntil(publishers.startedAt + plan.warmupSeconds * 1000);
    await sampler.start();
    await plan.midRun?.();
    // Stop just before the publishers do, so teardown (final segments, ffmpeg flushing) is not counted.
    await sleepUntil(publishers.startedAt + (plan.seconds - 0.5) * 1000);
    usage = await sampler.stop();
  } finally {
    observations = await pool.stop();
    // A publisher cannot outlive its run: -t ends it; stop() is the fallback when the bench itself fails.
    await Promise.race([publishers.exited, sleepUntil(publishers.startedAt + (plan.seconds + 10) * 1000)]);
    publishers.stop();
  }
  const codes = await publishers.exited;
  return {
    usage,
    ...playbackFigures(observations, publishers.startedAt, publishers.mediaZeroAt),
    publishersFailed: codes.filter((code) => code !== 0).length,
    publisherStartSeconds: median(plan.urls.flatMap((_, i) => {
      const zero = publishers.mediaZeroAt(i);
      return zero === undefined ? [] : [(zero - publishers.startedAt) / 1000];
    })),
    loadAverage: loadavg()[0] ?? 0,
  };
}

/** The playback figures of a run without viewers (idle platform, bare ffmpeg). */
export const NO_PLAYBACK: PlaybackFigures = {
  firstPlaylistMedianSeconds: undefined,
  firstPlaylistMaxSeconds: undefined,
  availabilityP50: undefined,
  availabilityP95: undefined,
  segments: 0,
  segmentsDownloaded: 0,
  streamsWithPlaylist: 0,
  playlistGets: 0,
  playlistGetP50Ms: undefined,
  playlistGetP99Ms: undefined,
  playlistGetP99AfterFirstMs: undefined,
  errors: { timeouts: 0, non200: 0, failed: 0 },
  errorSamples: [],
};
