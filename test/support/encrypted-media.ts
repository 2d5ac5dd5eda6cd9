/** Checks of aes-128 media from outside: key URIs in playlists, undecodable raw segments, decryption with the delivered key, playback. */
import { createDecipheriv } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import type { PlayerStats } from "#relay/origin/testing/player-page.ts";
import { decodeStreams } from "./ffprobe.ts";

/** Every EXT-X-KEY URI of a playlist, resolved against its URL. */
export function keyUris(playlist: string, playlistUrl: string): string[] {
  return [...playlist.matchAll(/#EXT-X-KEY:METHOD=AES-128,URI="([^"]+)"/g)].map((m) => new URL(m[1] ?? "", playlistUrl).toString());
}

export async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** RFC 8216bis §5.2: without an IV attribute, the media sequence number is the IV. */
export function decryptSegment(bytes: Uint8Array, key: Uint8Array, sequence: number): Uint8Array {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(sequence, 12);
  const decipher = createDecipheriv("aes-128-cbc", key, iv);
  return new Uint8Array(Buffer.concat([decipher.update(bytes), decipher.final()]));
}

/** Video frames ffprobe decodes from a header followed by one media segment; 0 when it cannot read them at all. */
export async function decodedFrames(init: Uint8Array, segment: Uint8Array): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "tributary-aes-"));
  try {
    const file = join(dir, "probe.mp4");
    await writeFile(file, Buffer.concat([init, segment]));
    const streams = await decodeStreams(file).catch(() => []);
    return streams.find((s) => s.codecType === "video")?.frames ?? 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface Played {
  stats: PlayerStats;
  frames: number;
  /** Media seconds the video advanced while watched. */
  advanced: number;
}

/** Opens the player page and watches until the video advanced `seconds` (or the player failed). */
export async function watch(page: Page, url: string, seconds: number): Promise<Played> {
  await page.goto(url);
  await page.waitForFunction(() => {
    const s = (window as unknown as { stats: PlayerStats }).stats;
    return s.firstFrameMs !== null || s.fatal !== null;
  }, undefined, { timeout: 30_000 });
  const start = await page.evaluate(() => document.querySelector("video")?.currentTime ?? 0);
  await page.waitForFunction(
    ([t0, wanted]) => {
      const video = document.querySelector("video");
      return (video?.currentTime ?? 0) > t0 + wanted || video?.ended === true || (window as unknown as { stats: PlayerStats }).stats.fatal !== null;
    },
    [start, seconds] as const,
    { timeout: (seconds + 30) * 1000 },
  );
  return page.evaluate((t0) => {
    const video = document.querySelector("video") as HTMLVideoElement;
    return { stats: (window as unknown as { stats: PlayerStats }).stats, frames: video.getVideoPlaybackQuality().totalVideoFrames, advanced: video.currentTime - t0 };
  }, start);
}
