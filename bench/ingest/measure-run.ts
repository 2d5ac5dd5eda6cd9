/**
 * One measured run: N publishers start together, every stream's playlist is polled from publish start,
 * and the server's process tree is sampled from the end of a warm-up to just before the publishers stop.
 * First playlist is timed from publisher spawn; segment availability from when each publisher sent its
 * media time 0 (so publisher start-up on a busy machine does not count against the server).
 */
import { loadavg } from "node:os";
import { watchPlaylist } from "./playlist-watch.ts";
import { treeSampler, type TreeUsage } from "./proc-usage.ts";
import { startPublishers } from "./publishers.ts";
import { median, percentile } from "./stats.ts";

export interface RunPlan {
  /** Source file every publisher replays. */
  file: string;
  /** Publish URLs, one per stream. */
  urls: readonly string[];
  /** Playlist readers, one per stream (same order as `urls`). */
  playlists: readonly (() => Promise<string | undefined>)[];
  /** Processes whose trees are the server. */
  serverPids: () => readonly number[];
  seconds: number;
  warmupSeconds: number;
  /** Called once, mid-run, while everything is up (e.g. to capture the relay's ffmpeg argv). */
  midRun?: () => Promise<void>;
}

export interface RunMeasurement {
  usage: TreeUsage;
  /** Median over streams of seconds from publish start to a playlist with ≥ 1 segment. */
  firstPlaylistSeconds: number | undefined;
  availabilityP50: number | undefined;
  availabilityP95: number | undefined;
  segments: number;
  streamsWithPlaylist: number;
  publishersFailed: number;
  /** Median over publishers of seconds from spawn to sending media time 0 (their start-up). */
  publisherStartSeconds: number | undefined;
  /** 1-minute load average at the end of the run: how busy the shared machine was. */
  loadAverage: number;
}

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

export async function measureRun(plan: RunPlan): Promise<RunMeasurement> {
  const publishers = startPublishers(plan.file, plan.urls, plan.seconds);
  const watchers = plan.playlists.map((read) => watchPlaylist(read));
  const sampler = treeSampler(plan.serverPids());
  let usage: TreeUsage;
  try {
    await sleepUntil(publishers.startedAt + plan.warmupSeconds * 1000);
    await sampler.start();
    await plan.midRun?.();
    // Stop just before the publishers do, so teardown (final segments, ffmpeg flushing) is not counted.
    await sleepUntil(publishers.startedAt + (plan.seconds - 0.5) * 1000);
    usage = await sampler.stop();
  } finally {
    // A publisher cannot outlive its run: -t ends it; stop() is the fallback when the bench itself fails.
    await Promise.race([publishers.exited, sleepUntil(publishers.startedAt + (plan.seconds + 10) * 1000)]);
    publishers.stop();
  }
  const codes = await publishers.exited;
  const observations = await Promise.all(watchers.map((w) => w.stop()));
  const firsts = observations.flatMap((o) => (o.firstPlaylistAt === undefined ? [] : [(o.firstPlaylistAt - publishers.startedAt) / 1000]));
  // Media time 0 of each stream on the wall clock: when its publisher sent it (spawn time as a fallback).
  const availability = observations.flatMap((o, i) => {
    const zero = publishers.mediaZeroAt(i) ?? publishers.startedAt;
    return o.segments.map((s) => (s.listedAt - zero) / 1000 - s.mediaEnd);
  });
  return {
    usage,
    firstPlaylistSeconds: median(firsts),
    availabilityP50: percentile(availability, 0.5),
    availabilityP95: percentile(availability, 0.95),
    segments: availability.length,
    streamsWithPlaylist: firsts.length,
    publishersFailed: codes.filter((code) => code !== 0).length,
    publisherStartSeconds: median(plan.urls.flatMap((_, i) => {
      const zero = publishers.mediaZeroAt(i);
      return zero === undefined ? [] : [(zero - publishers.startedAt) / 1000];
    })),
    loadAverage: loadavg()[0] ?? 0,
  };
}
