/**
 * One viewer, as a live HLS player behaves: GETs the multivariant playlist until the stream is live
 * (when it has one), then polls the first variant's media playlist about every 100 ms and downloads
 * each newly listed segment once, in order. Records every playlist GET's latency, when each segment
 * was first listed (wall clock, so another process can compare it with publisher times) and every
 * error: GETs that time out, fail, or answer other than 200 once the stream is live.
 */
import { httpGet, type GetResult } from "./http-get.ts";
import { firstVariantUri, listedSegments } from "./hls-playlist.ts";

export interface ViewerTarget {
  url: string;
  /** True when `url` is a multivariant playlist (the platform); false for a media playlist (nginx-rtmp). */
  multivariant: boolean;
}

export interface ViewerPolicy {
  pollIntervalMs: number;
  /** A GET still unanswered after this is abandoned and counted as a timeout. */
  timeoutMs: number;
}

export const DEFAULT_VIEWER_POLICY: ViewerPolicy = { pollIntervalMs: 100, timeoutMs: 3_000 };

export interface ViewerErrors {
  timeouts: number;
  /** Answers other than 200, after the media playlist first answered (404 while not yet live is expected). */
  non200: number;
  /** Connection errors (refused, reset). */
  failed: number;
}

export interface ViewerObservation {
  /** Wall-clock ms (epoch) when a media playlist first listed a segment. */
  firstPlaylistAt: number | undefined;
  /** Every segment seen, in order: media end (cumulative EXTINF from the first one seen, s) and wall-clock ms first listed. */
  segments: { mediaEnd: number; listedAt: number }[];
  /** Latency of every media playlist GET answered 200, ms. */
  playlistMs: number[];
  errors: ViewerErrors;
  /** What the first few errors were (status, timeout, connection error message), for the report. */
  errorSamples: string[];
  segmentsDownloaded: number;
  segmentBytes: number;
}

/** performance.timeOrigin is the process's start on the wall clock: this is comparable across processes. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export function startViewer(target: ViewerTarget, policy: ViewerPolicy = DEFAULT_VIEWER_POLICY): { stop(): Promise<ViewerObservation> } {
  const errors: ViewerErrors = { timeouts: 0, non200: 0, failed: 0 };
  const errorSamples: string[] = [];
  const playlistMs: number[] = [];
  const durations = new Map<number, number>();
  const listedAt = new Map<number, number>();
  let mediaUrl = target.multivariant ? undefined : target.url;
  let live = false;
  let stopped = false;
  let downloads: Promise<void> = Promise.resolve();
  let segmentsDownloaded = 0;
  let segmentBytes = 0;

  const tally = (result: GetResult, countStatus: boolean, what: string) => {
    const sample = (text: string) => void (errorSamples.length < 3 && errorSamples.push(`${what}: ${text}`));
    if (result.kind === "timeout") {
      errors.timeouts++;
      sample("timeout");
    } else if (result.kind === "failed") {
      errors.failed++;
      sample(result.message);
    } else if (result.status !== 200 && countStatus) {
      errors.non200++;
      sample(`HTTP ${result.status}`);
    }
  };
  const download = async (url: string) => {
    if (stopped) return;
    const result = await httpGet(url, policy.timeoutMs, false);
    if (stopped) return;
    tally(result, true, "segment");
    if (result.kind === "response" && result.status === 200) {
      segmentsDownloaded++;
      segmentBytes += result.bytes;
    }
  };
  const pollMultivariant = async () => {
    const result = await httpGet(target.url, policy.timeoutMs, true);
    if (stopped) return;
    const uri = result.kind === "response" && result.status === 200 ? firstVariantUri(result.body?.toString("utf8") ?? "") : undefined;
    if (uri !== undefined) mediaUrl = new URL(uri, target.url).href;
    else tally(result, false, "multivariant playlist");
  };
  const pollMedia = async (url: string) => {
    const result = await httpGet(url, policy.timeoutMs, true);
    const now = wallNow();
    if (stopped) return;
    if (result.kind !== "response" || result.status !== 200) return tally(result, live, "media playlist");
    live = true;
    playlistMs.push(result.ms);
    for (const segment of listedSegments(result.body?.toString("utf8") ?? "")) {
      if (listedAt.has(segment.sequence)) continue;
      listedAt.set(segment.sequence, now);
      durations.set(segment.sequence, segment.duration);
      const segmentUrl = new URL(segment.uri, url).href;
      downloads = downloads.then(() => download(segmentUrl));
    }
  };
  const loop = (async () => {
    while (!stopped) {
      const began = performance.now();
      await (mediaUrl === undefined ? pollMultivariant() : pollMedia(mediaUrl));
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, policy.pollIntervalMs - (performance.now() - began))));
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
      let mediaEnd = 0;
      const segments = [...listedAt.keys()].sort((a, b) => a - b).map((sequence) => {
        mediaEnd += durations.get(sequence) ?? 0;
        return { mediaEnd, listedAt: listedAt.get(sequence) ?? 0 };
      });
      const firstPlaylistAt = segments.length > 0 ? Math.min(...segments.map((s) => s.listedAt)) : undefined;
      return { firstPlaylistAt, segments, playlistMs, errors, errorSamples, segmentsDownloaded, segmentBytes };
    },
  };
}
