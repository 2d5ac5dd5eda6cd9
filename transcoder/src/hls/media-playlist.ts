/** Writes a media playlist (RFC 8216bis §4.4.3, §4.4.4) from its model. */
import { sequenceLines, segmentLines } from "./playlist-body.ts";
import { targetDuration } from "./target-duration.ts";
import type { HlsMediaPlaylist } from "./types.ts";

/** Renders `playlist` as text with a trailing newline. */
export function writeMediaPlaylist(playlist: HlsMediaPlaylist): string {
  if (playlist.lowLatency !== undefined || playlist.segments.some((s) => s.parts !== undefined)) {
    throw new TypeError("LL-HLS fields are rendered by the low-latency playlist writer");
  }
  const lines = ["#EXTM3U", `#EXT-X-VERSION:${playlist.version}`];
  lines.push(`#EXT-X-TARGETDURATION:${targetDuration(playlist.targetDuration, playlist.segments.map((s) => s.duration))}`);
  lines.push(...sequenceLines(playlist), ...segmentLines(playlist.segments));
  if (playlist.endList) lines.push("#EXT-X-ENDLIST");
  return `${lines.join("\n")}\n`;
}
