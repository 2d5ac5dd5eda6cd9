/** Plays a live URL in a fresh Chromium page and reads the player's figures: time to first frame and latency. */
import type { Browser } from "playwright-core";
import type { PlayerStats } from "#relay/origin/testing/player-page.ts";

export interface PlayerRun {
  firstFrameMs: number;
  /** Median of the player's own latency figure over the sampling window, seconds. */
  latency: number;
  /** Median wall clock − PROGRAM-DATE-TIME, seconds, when the stream carries PDT. */
  wallLatency: number | undefined;
  errors: string[];
}

export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}

/** Opens `url`, waits for the first frame, then samples latency for `sampleSeconds` of playback. */
export async function runPlayer(browser: Browser, url: string, sampleSeconds: number): Promise<PlayerRun> {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    const read = () => page.evaluate(() => (window as unknown as { stats: PlayerStats }).stats);
    await page.waitForFunction(() => (window as unknown as { stats: PlayerStats }).stats.firstFrameMs !== null, undefined, { timeout: 30_000 });
    // A measurement window, not a wait for an event: the player settles at its latency target.
    await new Promise((resolve) => setTimeout(resolve, sampleSeconds * 1000));
    const stats = await read();
    return {
      firstFrameMs: (stats.firstFrameMs ?? NaN) - stats.startMs,
      latency: median(stats.latency.slice(-Math.max(1, Math.floor(stats.latency.length / 2)))),
      wallLatency: stats.wallLatency.length === 0 ? undefined : median(stats.wallLatency.slice(-Math.max(1, Math.floor(stats.wallLatency.length / 2)))),
      errors: stats.errors,
    };
  } finally {
    await page.close();
  }
}
