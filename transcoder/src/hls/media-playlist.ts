/** Writes a media playlist (RFC 8216bis §4.4.3, §4.4.4) from its model. */
import { dateTime, decimal, quoted } from "./format.ts";
import { targetDuration } from "./target-duration.ts";
import type { HlsMediaPlaylist } from "./types.ts";

/** Renders `playlist` as text with a trailing newline. */
export function writeMediaPlaylist(playlist: HlsMediaPlaylist): string {
  if (playlist.lowLatency !== undefined || playlist.segments.some((s) => s.parts !== undefined)) {
    throw new TypeError("LL-HLS fields are rendered by the low-latency playlist writer");
  }
  const lines = ["#EXTM3U", `#EXT-X-VERSION:${playlist.version}`];
  lines.push(`#EXT-X-TARGETDURATION:${targetDuration(playlist.targetDuration, playlist.segments.map((s) => s.duration))}`);
  lines.push(`#EXT-X-MEDIA-SEQUENCE:${playlist.mediaSequence}`);
  if (playlist.discontinuitySequence > 0) lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${playlist.discontinuitySequence}`);
  if (playlist.playlistType !== undefined) lines.push(`#EXT-X-PLAYLIST-TYPE:${playlist.playlistType}`);
  if (playlist.independentSegments) lines.push("#EXT-X-INDEPENDENT-SEGMENTS");
  let map: string | undefined;
  for (const segment of playlist.segments) {
    if (segment.discontinuity === true) lines.push("#EXT-X-DISCONTINUITY");
    if (segment.map !== undefined && segment.map.uri !== map) {
      map = segment.map.uri;
      lines.push(`#EXT-X-MAP:URI=${quoted(map)}`);
    }
    if (segment.programDateTime !== undefined) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${dateTime(segment.programDateTime)}`);
    lines.push(`#EXTINF:${decimal(segment.duration)},`, segment.uri);
  }
  if (playlist.endList) lines.push("#EXT-X-ENDLIST");
  return `${lines.join("\n")}\n`;
}
