/**
 * Polls one live media playlist and records when it first lists a segment and when each segment
 * shows up; a segment's media end is the sum of the EXTINF durations up to and including it.
 */
import { parseHlsLines } from "#core/manifest/hls-lines.ts";

export interface PlaylistObservation {
  /** performance.now() when the playlist first listed a segment; undefined if it never did. */
  firstPlaylistAt: number | undefined;
  /** Every segment seen, in order: its media end (cumulative EXTINF, seconds) and when it was first listed. */
  segments: { mediaEnd: number; listedAt: number }[];
}

interface Listed {
  sequence: number;
  duration: number;
}

/** Segments of a media playlist with their media sequence numbers (RFC 8216bis §4.4.3.2). */
export function listedSegments(text: string): Listed[] {
  let sequence = 0;
  let duration: number | undefined;
  const segments: Listed[] = [];
  for (const line of parseHlsLines(text)) {
    if (line.tagName === "#EXT-X-MEDIA-SEQUENCE") sequence = Number(line.tagValue);
    else if (line.tagName === "#EXTINF") duration = Number.parseFloat(line.tagValue ?? "");
    else if (line.kind === "uri" && duration !== undefined) {
      segments.push({ sequence: sequence++, duration });
      duration = undefined;
    }
  }
  return segments;
}

/**
 * Polls `read` (the playlist text, or undefined while there is none) every `intervalMs` until `stop()`.
 * Assumes the first playlist seen still lists the stream's first segment (it is polled from publish start
 * and live windows hold several segments), so cumulative media time starts there.
 */
export function watchPlaylist(read: () => Promise<string | undefined>, intervalMs = 100): { stop(): Promise<PlaylistObservation> } {
  const durations = new Map<number, number>();
  const listedAt = new Map<number, number>();
  let stopped = false;

  const poll = async () => {
    const text = await read().catch(() => undefined);
    const now = performance.now();
    if (text === undefined) return;
    for (const segment of listedSegments(text)) {
      if (listedAt.has(segment.sequence)) continue;
      listedAt.set(segment.sequence, now);
      durations.set(segment.sequence, segment.duration);
    }
  };
  const loop = (async () => {
    while (!stopped) {
      const began = performance.now();
      await poll();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - (performance.now() - began))));
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
      return { firstPlaylistAt: segments.length > 0 ? Math.min(...segments.map((s) => s.listedAt)) : undefined, segments };
    },
  };
}
