/**
 * Low-latency benchmark: real ffmpeg (low-latency ladder, 360p + AAC, testsrc2 at native rate) →
 * segmenter → LiveMedia → relay origin over HTTP, measured three ways: part availability (when a part
 * is listed vs when its media ended), hls.js `latency` and time to first frame in headless Chromium
 * (median over runs), and dash.js in LL mode; then the same player figures for nginx-rtmp's HLS (2 s
 * fragments) in the same run. Prints a table; `runLowLatencyBench()` returns the rows.
 * Targets: part available ≤ 0.25 s after media end; hls.js latency ≤ 1.5 s; first frame ≤ 1.0 s.
 * `BENCH_RUNS` sets the player runs per server (default 3).
 */
import { systemClock } from "#core/clock.ts";
import { LiveMediaRegistry } from "#relay/origin/registry.ts";
import { createOriginServer } from "#relay/origin/server.ts";
import { startFfmpegFeed } from "#relay/origin/testing/ffmpeg-feed.ts";
import { startPlayerPage } from "#relay/origin/testing/player-page.ts";
import type { PlayerPageServer } from "#relay/origin/testing/player-page.ts";
import { launchChromium } from "#test/support/browser.ts";
import type { Browser } from "playwright-core";
import { startNginxRtmp } from "./support/nginx-rtmp.ts";
import { publishTestSource } from "./ll-hls/test-source.ts";
import { median, percentile, runPlayer } from "./ll-hls/player-runs.ts";
import type { PlayerRun } from "./ll-hls/player-runs.ts";

export interface LowLatencyBenchRow {
  server: string;
  metric: string;
  median: number;
  p95: number | undefined;
  samples: number;
  target: string;
}

const SAMPLE_SECONDS = 5;

/** Part availability from our origin: ms between a part's media end and its listing, per rendition. */
function availabilityRows(delays: Map<string, number[]>, label: string): LowLatencyBenchRow[] {
  return [...delays].map(([rendition, ms]) => ({
    server: "relay origin", metric: `part available after media end, ${rendition} (ms, ${label})`,
    median: median(ms), p95: percentile(ms, 0.95), samples: ms.length, target: "≤ 250",
  }));
}

function playerRows(server: string, player: string, runs: PlayerRun[], latencyTarget: string): LowLatencyBenchRow[] {
  const rows: LowLatencyBenchRow[] = [
    { server, metric: `${player} time to first frame (ms)`, median: median(runs.map((r) => r.firstFrameMs)), p95: undefined, samples: runs.length, target: "≤ 1000" },
    { server, metric: `${player} latency (s)`, median: median(runs.map((r) => r.latency)), p95: undefined, samples: runs.length, target: latencyTarget },
  ];
  const wall = runs.flatMap((r) => (r.wallLatency === undefined ? [] : [r.wallLatency]));
  if (wall.length > 0) rows.push({ server, metric: `${player} wall clock − PROGRAM-DATE-TIME (s)`, median: median(wall), p95: undefined, samples: wall.length, target: "" });
  return rows;
}

async function sequentialRuns(count: number, run: () => Promise<PlayerRun>): Promise<PlayerRun[]> {
  const runs: PlayerRun[] = [];
  for (let i = 0; i < count; i++) runs.push(await run());
  return runs;
}

async function benchOrigin(browser: Browser, pages: PlayerPageServer, runs: number): Promise<LowLatencyBenchRow[]> {
  const registry = new LiveMediaRegistry();
  const origin = await createOriginServer({ registry, clock: systemClock, host: "127.0.0.1", port: 0, waitPolicy: { maxWaitMs: 6000 } });
  const spawnedAt = systemClock.now();
  let headerAt: number | undefined;
  const ends = new Map<string, { end: number; listedAt: number }[]>();
  const feed = startFfmpegFeed({
    mediaId: "bench", clock: systemClock, seconds: 8 + runs * 2 * (SAMPLE_SECONDS + 3),
    onEvent: (rendition, event) => {
      const now = systemClock.now();
      // ffmpeg writes the header once its first frame went through the filters: media time 0 ≈ now.
      if (event.type === "init") headerAt ??= now;
      if (event.type !== "part") return;
      const list = ends.get(rendition) ?? [];
      list.push({ end: ((event.part.decodeTime + event.part.duration) * 1000) / event.part.timescale, listedAt: now });
      ends.set(rendition, list);
    },
  });
  registry.add(feed.media);
  try {
    const master = `${origin.url}/media/bench/master.m3u8`;
    await fetch(`${origin.url}/media/bench/360p/index.m3u8`); // blocks until the first segment is listed
    const hls = await sequentialRuns(runs, () => runPlayer(browser, pages.pageUrl("hls", master), SAMPLE_SECONDS));
    const dash = await sequentialRuns(runs, () => runPlayer(browser, pages.pageUrl("dash", `${origin.url}/media/bench/manifest.mpd`), SAMPLE_SECONDS));
    await feed.done;
    const delays = (zero: number) => new Map([...ends].map(([r, list]) => [r, list.map((p) => p.listedAt - (zero + p.end))]));
    return [
      ...availabilityRows(delays(headerAt ?? spawnedAt), "media time 0 = header written"),
      ...availabilityRows(delays(spawnedAt), "media time 0 = ffmpeg spawned, upper bound"),
      ...playerRows("relay origin LL-HLS", "hls.js lowLatencyMode", hls, "≤ 1.5"),
      ...playerRows("relay origin LL-DASH", "dash.js low latency", dash, "≤ 1.5"),
      { server: "relay origin", metric: "parts over PART-TARGET", median: feed.media.partTargetOverruns, p95: undefined, samples: 1, target: "0" },
    ];
  } finally {
    await origin.close();
  }
}

async function benchNginx(browser: Browser, pages: PlayerPageServer, runs: number): Promise<LowLatencyBenchRow[]> {
  const nginx = await startNginxRtmp({ workerConnections: 256, playlistLength: "6s", cors: true });
  const publisher = publishTestSource(nginx.publishUrl("bench"), 10 + runs * (SAMPLE_SECONDS + 4));
  try {
    const playlist = nginx.playlistUrl("bench");
    // nginx-rtmp writes its playlist once the first fragment is complete; poll for it (no event to await).
    for (let i = 0; i < 200 && !(await fetch(playlist).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
    const hls = await sequentialRuns(runs, () => runPlayer(browser, pages.pageUrl("hls", playlist, { ll: "0" }), SAMPLE_SECONDS));
    return playerRows("nginx-rtmp HLS (2 s fragments)", "hls.js", hls, "");
  } finally {
    publisher.child.kill("SIGTERM");
    await publisher.exited;
    await nginx.stop();
  }
}

export async function runLowLatencyBench(runs = Number(process.env["BENCH_RUNS"] ?? 3)): Promise<LowLatencyBenchRow[]> {
  const browser = await launchChromium();
  const pages = await startPlayerPage();
  try {
    return [...(await benchOrigin(browser, pages, runs)), ...(await benchNginx(browser, pages, runs))];
  } finally {
    await pages.close();
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await runLowLatencyBench();
  const round = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "" : Number(n.toFixed(3)));
  console.table(rows.map((r) => ({ ...r, median: round(r.median), p95: round(r.p95) })));
}
