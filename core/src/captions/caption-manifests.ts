/**
 * Adds a caption track to a packaged media's stored manifests: a SUBTITLES rendition in master.m3u8
 * (RFC 8216bis §4.4.6.1, with `SUBTITLES="subs"` on every variant) and a `text/vtt` AdaptationSet in
 * the MPD (ISO/IEC 23009-1 §5.3.3). Adding a language again replaces its track.
 */
import { attribute, parseAttributes, quotedAttribute, serializeAttributes, type HlsAttribute } from "../manifest/hls-attributes.ts";
import { describeLine, parseHlsLines, serializeHlsLines, withTagValue, type HlsLine } from "../manifest/hls-lines.ts";

export const SUBTITLE_GROUP = "subs";

export interface CaptionTrack {
  /** BCP 47 language tag. */
  language: string;
  label: string;
  /** Inside the media, e.g. `captions/en/index.m3u8`. */
  playlistPath: string;
  /** Inside the media, e.g. `captions/en/captions.vtt`. */
  filePath: string;
}

/** Quoted-string values may hold neither `"` nor line breaks (RFC 8216bis §4.2). */
function quoted(text: string): string {
  return `"${text.replace(/["\r\n]/g, "'")}"`;
}

function isSubtitleMedia(line: HlsLine): HlsAttribute[] | undefined {
  if (line.tagName !== "#EXT-X-MEDIA" || line.tagValue === undefined) return undefined;
  const attributes = parseAttributes(line.tagValue);
  return attribute(attributes, "TYPE") === "SUBTITLES" && quotedAttribute(attributes, "GROUP-ID") === SUBTITLE_GROUP ? attributes : undefined;
}

export function withSubtitleRendition(master: string, track: CaptionTrack): string {
  const lines = parseHlsLines(master).filter((line) => quotedAttribute(isSubtitleMedia(line) ?? [], "LANGUAGE") !== track.language);
  const eol = lines[0]?.eol || "\n";
  const media = describeLine(
    `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="${SUBTITLE_GROUP}",NAME=${quoted(track.label)},LANGUAGE=${quoted(track.language)},DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI=${quoted(track.playlistPath)}`,
    eol,
  );
  const lastMedia = lines.findLastIndex((line) => line.tagName === "#EXT-X-MEDIA");
  const firstVariant = lines.findIndex((line) => line.tagName === "#EXT-X-STREAM-INF");
  const at = lastMedia >= 0 ? lastMedia + 1 : firstVariant >= 0 ? firstVariant : lines.length;
  lines.splice(at, 0, media);
  const out = lines.map((line) => {
    if (line.tagName !== "#EXT-X-STREAM-INF" || line.tagValue === undefined) return line;
    const attributes = parseAttributes(line.tagValue).filter((a) => a.name !== "SUBTITLES");
    return withTagValue(line, serializeAttributes([...attributes, { name: "SUBTITLES", value: `"${SUBTITLE_GROUP}"` }]));
  });
  return serializeHlsLines(out);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const TEXT_SET = /[ \t]*<AdaptationSet\b[^>]*\bcontentType="text"[^>]*>[\s\S]*?<\/AdaptationSet>\r?\n?/g;

/** Adds the track's AdaptationSet to the MPD's first Period; the whole file is its one segment. */
export function withTextAdaptationSet(mpd: string, track: CaptionTrack): string {
  const lang = `lang="${escapeXml(track.language)}"`;
  const kept = mpd.replace(TEXT_SET, (set) => (set.includes(lang) ? "" : set));
  const ids = [...kept.matchAll(/<AdaptationSet\b[^>]*\bid="(\d{1,9})"/g)].map((m) => Number(m[1]));
  const id = ids.length === 0 ? 0 : Math.max(...ids) + 1;
  const set = [
    `    <AdaptationSet id="${id}" contentType="text" mimeType="text/vtt" ${lang}>`,
    `      <Label>${escapeXml(track.label)}</Label>`,
    `      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/>`,
    `      <Representation id="captions-${escapeXml(track.language)}" bandwidth="256">`,
    `        <BaseURL>${escapeXml(track.filePath)}</BaseURL>`,
    `      </Representation>`,
    `    </AdaptationSet>`,
    "",
  ].join("\n");
  const close = kept.indexOf("</Period>");
  if (close < 0) return kept;
  const at = kept.lastIndexOf("\n", close) + 1;
  return kept.slice(0, at) + set + kept.slice(at);
}

/** The `#EXTINF` durations of a media playlist, in seconds. */
export function segmentDurations(mediaPlaylist: string): number[] {
  return parseHlsLines(mediaPlaylist)
    .filter((line) => line.tagName === "#EXTINF")
    .map((line) => Number.parseFloat(line.tagValue ?? ""))
    .filter((d) => Number.isFinite(d) && d > 0);
}

/** Where the MPD's first video timeline starts, in seconds (`S@t / timescale`); 0 when it says nothing. */
export function mediaStartSeconds(mpd: string | undefined): number {
  const match = /<AdaptationSet\b[^>]*contentType="video"[\s\S]*?<SegmentTemplate\b[^>]*\btimescale="(\d+)"[\s\S]*?<S\b[^>]*\bt="(\d+)"/.exec(mpd ?? "");
  if (match === null) return 0;
  const timescale = Number(match[1]);
  return timescale > 0 ? Number(match[2]) / timescale : 0;
}

/** The URI of the first variant in a multivariant playlist (relative to it). */
export function firstVariantUri(master: string): string | undefined {
  const lines = parseHlsLines(master);
  const at = lines.findIndex((line) => line.tagName === "#EXT-X-STREAM-INF");
  return at < 0 ? undefined : lines.slice(at + 1).find((line) => line.kind === "uri")?.text.trim();
}
