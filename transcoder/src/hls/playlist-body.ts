/** The parts of a media playlist both writers share: the sequence tags and the segment list (RFC 8216bis §4.4.3-4). */
import { dateTime, decimal, quoted } from "./format.ts";
import type { HlsMediaPlaylist, HlsMediaSegment } from "./types.ts";

/** MEDIA-SEQUENCE, DISCONTINUITY-SEQUENCE, PLAYLIST-TYPE and INDEPENDENT-SEGMENTS. */
export function sequenceLines(playlist: HlsMediaPlaylist): string[] {
  const lines = [`#EXT-X-MEDIA-SEQUENCE:${playlist.mediaSequence}`];
  if (playlist.discontinuitySequence > 0) lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${playlist.discontinuitySequence}`);
  if (playlist.playlistType !== undefined) lines.push(`#EXT-X-PLAYLIST-TYPE:${playlist.playlistType}`);
  if (playlist.independentSegments) lines.push("#EXT-X-INDEPENDENT-SEGMENTS");
  return lines;
}

/** Each segment with its DISCONTINUITY, a MAP when the header changes, PROGRAM-DATE-TIME, `beforeExtinf` lines and EXTINF. */
export function segmentLines(segments: readonly HlsMediaSegment[], beforeExtinf: (segment: HlsMediaSegment) => string[] = () => []): string[] {
  const lines: string[] = [];
  let map: string | undefined;
  for (const segment of segments) {
    if (segment.discontinuity === true) lines.push("#EXT-X-DISCONTINUITY");
    if (segment.map !== undefined && segment.map.uri !== map) {
      map = segment.map.uri;
      lines.push(`#EXT-X-MAP:URI=${quoted(map)}`);
    }
    if (segment.programDateTime !== undefined) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${dateTime(segment.programDateTime)}`);
    lines.push(...beforeExtinf(segment), `#EXTINF:${decimal(segment.duration)},`, segment.uri);
  }
  return lines;
}
