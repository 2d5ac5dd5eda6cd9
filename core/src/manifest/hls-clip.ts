/**
 * Cuts an HLS media playlist to a clip (RFC 8216bis §4.4.3, §4.4.4): the segments from the one holding
 * `start` through the one holding `end`, with the media sequence, discontinuity sequence, and the
 * `EXT-X-MAP`/`EXT-X-KEY` in force carried to the first kept segment, and `EXT-X-ENDLIST` since a clip
 * is finished. A multivariant playlist instead gets the clip's query on every playlist URI it names,
 * so the media playlists a player loads are cut the same way.
 */
import { parseAttributes, quotedAttribute, serializeAttributes, withQuoted } from "./hls-attributes.ts";
import { describeLine, withTagValue, type HlsLine } from "./hls-lines.ts";
import { clipQuery, type ClipRange } from "./clip-range.ts";

/** Tags that belong to the segment after them (RFC 8216bis §4.4.4). */
const SEGMENT_TAGS = new Set(["#EXTINF", "#EXT-X-BYTERANGE", "#EXT-X-DISCONTINUITY", "#EXT-X-PROGRAM-DATE-TIME", "#EXT-X-GAP", "#EXT-X-BITRATE", "#EXT-X-KEY", "#EXT-X-MAP"]);
/** Low-latency tags a finished clip must not have: its segments are whole, so parts go with PART-INF. */
const LIVE_ONLY = new Set(["#EXT-X-PART", "#EXT-X-PRELOAD-HINT", "#EXT-X-RENDITION-REPORT", "#EXT-X-SERVER-CONTROL", "#EXT-X-PART-INF", "#EXT-X-SKIP"]);

interface Segment {
  lines: HlsLine[];
  start: number;
  end: number;
}

export function isMediaPlaylist(lines: readonly HlsLine[]): boolean {
  return lines.some((line) => line.tagName === "#EXTINF");
}

export function clipMediaPlaylist(lines: readonly HlsLine[], range: ClipRange): HlsLine[] {
  const header: HlsLine[] = [];
  const segments: Segment[] = [];
  let pending: HlsLine[] = [];
  let at = 0;
  let duration = 0;
  for (const line of lines) {
    if (line.tagName === "#EXT-X-ENDLIST" || (line.tagName !== undefined && LIVE_ONLY.has(line.tagName))) continue;
    if (line.kind === "uri" && pending.some((l) => l.tagName === "#EXTINF")) {
      segments.push({ lines: [...pending, line], start: at, end: at + duration });
      at += duration;
      pending = [];
      continue;
    }
    if (line.tagName === "#EXTINF") duration = Number.parseFloat(line.tagValue ?? "0") || 0;
    if ((line.tagName !== undefined && SEGMENT_TAGS.has(line.tagName)) || segments.length > 0 || pending.length > 0) pending.push(line);
    else header.push(line);
  }
  const holdingStart = segments.findIndex((s) => s.end > range.start);
  // A clip that starts after the media ends keeps no segment.
  const first = holdingStart < 0 ? segments.length : holdingStart;
  const holdingEnd = segments.findIndex((s) => s.end >= range.end);
  const last = holdingEnd < 0 ? segments.length - 1 : holdingEnd;
  const kept = segments.slice(first, last + 1);
  const skipped = segments.slice(0, first).flatMap((s) => s.lines);
  const eol = lines[0]?.eol || "\n";
  const out = header.map((line) => shiftSequences(line, first, skipped));
  // The header and key in force at the first kept segment, unless it names its own.
  const carried = ["#EXT-X-MAP", "#EXT-X-KEY"].flatMap((tag) => {
    const own = kept[0]?.lines.some((l) => l.tagName === tag) ?? false;
    const last = skipped.findLast((l) => l.tagName === tag);
    return own || last === undefined ? [] : [last];
  });
  out.push(...carried, ...kept.flatMap((s) => s.lines), describeLine("#EXT-X-ENDLIST", eol));
  if (!out.some((l) => l.tagName === "#EXT-X-PLAYLIST-TYPE")) out.splice(1, 0, describeLine("#EXT-X-PLAYLIST-TYPE:VOD", eol));
  return out.map((line) => (line.tagName === "#EXT-X-PLAYLIST-TYPE" ? withTagValue(line, "VOD") : line));
}

function shiftSequences(line: HlsLine, dropped: number, skipped: readonly HlsLine[]): HlsLine {
  if (line.tagName === "#EXT-X-MEDIA-SEQUENCE") return withTagValue(line, String((Number.parseInt(line.tagValue ?? "0", 10) || 0) + dropped));
  if (line.tagName === "#EXT-X-DISCONTINUITY-SEQUENCE") {
    const discontinuities = skipped.filter((l) => l.tagName === "#EXT-X-DISCONTINUITY").length;
    return withTagValue(line, String((Number.parseInt(line.tagValue ?? "0", 10) || 0) + discontinuities));
  }
  return line;
}

/** Appends the clip's query to every playlist URI of a multivariant playlist (variants and renditions). */
export function carryClip(lines: readonly HlsLine[], range: ClipRange): HlsLine[] {
  const query = clipQuery(range);
  const withQuery = (uri: string) => (/\.m3u8($|\?)/.test(uri) ? `${uri}${uri.includes("?") ? "&" : "?"}${query}` : uri);
  return lines.map((line) => {
    if (line.kind === "uri") return describeLine(withQuery(line.text.trim()), line.eol);
    if (line.tagName !== "#EXT-X-MEDIA" && line.tagName !== "#EXT-X-I-FRAME-STREAM-INF") return line;
    const attributes = parseAttributes(line.tagValue ?? "");
    const uri = quotedAttribute(attributes, "URI");
    return uri === undefined ? line : withTagValue(line, serializeAttributes(withQuoted(attributes, "URI", withQuery(uri))));
  });
}
