/**
 * WebRTC benchmark. The platform runs in this process (relay and edge, the ladder's ffmpeg a child);
 * Chromium publishes a 1280×720 canvas over WHIP to a passthrough stream.
 *   - Glass-to-glass: the canvas carries its wall clock as a block pattern (webrtc/clock-pattern.ts);
 *     a Chromium viewer reads it back from every frame it decodes over WHEP through the edge.
 *   - CPU per WHEP viewer at 1, 10 and 50 viewers: werift viewers in a child process (receiving, not
 *     decoding); this process's CPU while they watch, minus its CPU with none, per viewer; and the
 *     freezes (gaps over 500 ms between frames) they saw.
 * Targets: glass-to-glass ≤ 300 ms median on loopback; 50 viewers with 0 freezes over 30 s.
 * Not measured: RTMP → WHEP glass-to-glass (ffmpeg cannot paint the wall clock as the pattern).
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { launchChromium } from "#test/support/browser.ts";
import { createLiveStream, startLivePlatform, until, type LivePlatform } from "#test/support/live.ts";
import { playbackUrls } from "../scripts/platform/banner.ts";
import { median, percentile } from "./ll-hls/player-runs.ts";
import { publishClockCanvas, readClockLatencies } from "./webrtc/clock-pattern.ts";

const run = promisify(execFile);

export interface WebrtcBenchRow {
  metric: string;
  value: number;
  p95: number | undefined;
  samples: number;
  target: string;
}

interface Mode {
  latencySeconds: number;
  viewerCounts: number[];
  measureSeconds: number;
}

const FULL: Mode = { latencySeconds: 20, viewerCounts: [1, 10, 50], measureSeconds: 30 };
const QUICK: Mode = { latencySeconds: 5, viewerCounts: [1, 10], measureSeconds: 8 };
/** `BENCH_WEBRTC_VIEWERS=50` (comma-separated) measures only those viewer counts. */
const VIEWER_COUNTS = process.env["BENCH_WEBRTC_VIEWERS"]?.split(",").map(Number).filter((n) => n > 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Percent of one core this process used over `seconds`. */
async function cpuPercent(seconds: number): Promise<number> {
  const start = process.cpuUsage();
  const began = performance.now();
  await sleep(seconds * 1000);
  const { user, system } = process.cpuUsage(start);
  return ((user + system) / 1000 / (performance.now() - began)) * 100;
}

async function viewerRows(platform: LivePlatform, whep: string, mode: Mode, log: (line: string) => void): Promise<WebrtcBenchRow[]> {
  const idle = await cpuPercent(mode.measureSeconds / 2);
  log(`webrtc: relay and edge at ${idle.toFixed(1)} % of a core with no viewers`);
  const rows: WebrtcBenchRow[] = [{ metric: "platform process CPU, no WHEP viewers (% of a core)", value: idle, p95: undefined, samples: 1, target: "" }];
  const child = fileURLToPath(new URL("./webrtc/viewers-child.ts", import.meta.url));
  for (const count of mode.viewerCounts) {
    // Each viewer stays the measured window plus the time the others take to join (werift makes a DTLS key per peer).
    const viewing = run(process.execPath, [child, whep, String(count), String(mode.measureSeconds + 6 + count)], { maxBuffer: 1024 * 1024 });
    let failed: unknown;
    viewing.catch((error: unknown) => (failed = error));
    await until(`${count} viewers`, async () => {
      if (failed !== undefined) throw new Error(`the viewers failed: ${String((failed as { stderr?: unknown }).stderr ?? failed)}`);
      return platform.relay?.webrtc.whep.viewers === count ? true : undefined;
    }, 120_000).catch((error: unknown) => {
      const held = [...(platform.relay?.streams.values() ?? [])].map((live) => `${live.state}, ${live.realtime.unplayable ?? "playable"}`);
      throw new Error(`${String(error)}; viewers ${platform.relay?.webrtc.whep.viewers}; streams: ${held.join("; ")}`);
    });
    await sleep(2_000); // every viewer past its first keyframe
    const busy = await cpuPercent(mode.measureSeconds);
    const { viewers: results, cpuPercent: clientCpu } = JSON.parse((await viewing).stdout) as { viewers: { frames: number; freezes: number; sourceFreezes: number; longestGapMs: number }[]; cpuPercent: number };
    const freezes = results.reduce((n, r) => n + r.freezes, 0);
    const fromSource = results.reduce((n, r) => n + r.sourceFreezes, 0);
    log(`webrtc: ${count} viewers: ${busy.toFixed(1)} % of a core, ${freezes} freezes`);
    rows.push(
      { metric: `CPU per WHEP viewer at ${count} (% of a core)`, value: (busy - idle) / count, p95: undefined, samples: count, target: "" },
      { metric: `freezes > 500 ms at ${count} viewers`, value: freezes, p95: undefined, samples: count, target: "0" },
      { metric: `  of which the source paused (media time jumped too)`, value: fromSource, p95: undefined, samples: count, target: "" },
      { metric: `viewers' own process CPU at ${count} (% of a core)`, value: clientCpu, p95: undefined, samples: 1, target: "" },
      { metric: `longest frame gap at ${count} viewers (ms)`, value: median(results.map((r) => r.longestGapMs)), p95: percentile(results.map((r) => r.longestGapMs), 0.95), samples: count, target: "" },
    );
    await until("the viewers to leave", async () => (platform.relay?.webrtc.whep.viewers === 0 ? true : undefined), 120_000);
  }
  return rows;
}

export async function runWebrtcBench(options: { quick: boolean; log: (line: string) => void }): Promise<WebrtcBenchRow[]> {
  const base = options.quick ? QUICK : FULL;
  const mode = VIEWER_COUNTS && VIEWER_COUNTS.length > 0 ? { ...base, viewerCounts: VIEWER_COUNTS } : base;
  const platform = await startLivePlatform();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const { stream, streamKey } = await createLiveStream(platform, { ladder: "passthrough", reconnectWindowSeconds: 0 });
    const publisher = await browser.newPage();
    await publisher.goto(`${platform.edgeUrl}/healthz`);
    const status = await publishClockCanvas(publisher, `http://127.0.0.1:${platform.config.relay.httpPort}/whip/${stream.id}`, streamKey, { width: 1280, height: 720 });
    if (status !== 201) throw new Error(`WHIP answered ${status}`);
    await until("the stream to be live", async () => (platform.relay?.streams.get(stream.id)?.realtime.unplayable === undefined ? true : undefined), 30_000);
    const { whep } = await playbackUrls(platform, stream.id);
    const viewer = await browser.newPage();
    await viewer.goto(`${platform.edgeUrl}/healthz`);
    const latencies = await readClockLatencies(viewer, whep, mode.latencySeconds);
    await viewer.close();
    options.log(`webrtc: ${latencies.length} frames read, median glass-to-glass ${median(latencies).toFixed(0)} ms`);
    const rows: WebrtcBenchRow[] = [{ metric: "glass-to-glass WHIP → WHEP, 720p (ms)", value: median(latencies), p95: percentile(latencies, 0.95), samples: latencies.length, target: "≤ 300" }];
    rows.push(...(await viewerRows(platform, whep, mode, options.log)));
    return rows;
  } finally {
    await browser?.close();
    await platform.stop();
  }
}
