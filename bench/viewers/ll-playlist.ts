/**
 * What an LL-HLS viewer reads off a media playlist (RFC 8216bis §4.4.4.9, §4.4.5.3, §6.2.5.2): the
 * parts listed, each named `<msn>.<index>` by its parent segment's media sequence number and its
 * place in it; the preload hint; and the delivery directives of the next blocking reload (the part
 * after the last one listed), as hls.js computes them in low-latency mode.
 */
import { parseAttributes, quotedAttribute } from "#core/manifest/hls-attributes.ts";
import { parseHlsLines } from "#core/manifest/hls-lines.ts";

export interface ListedPart {
  /** `<msn>.<index>`: the same part in every viewer's copy of the playlist. */
  key: string;
  uri: string;
}

export interface LowLatencyPlaylist {
  parts: ListedPart[];
  preloadHint: string | undefined;
  /** `_HLS_msn` / `_HLS_part` of the next part, the one the next blocking reload waits for. */
  next: { msn: number; part: number };
  ended: boolean;
}

/** Variant and rendition URIs of a multivariant playlist: the first variant, and the audio renditions it names. */
export function playedUris(text: string): { video: string | undefined; audio: string[] } {
  let video: string | undefined;
  let inVariant = false;
  const audio: string[] = [];
  for (const line of parseHlsLines(text)) {
    if (line.tagName === "#EXT-X-MEDIA" && /TYPE=AUDIO/.test(line.tagValue ?? "")) {
      const uri = quotedAttribute(parseAttributes(line.tagValue ?? ""), "URI");
      if (uri !== undefined) audio.push(uri);
    } else if (line.tagName === "#EXT-X-STREAM-INF") inVariant = true;
    else if (inVariant && line.kind === "uri" && video === undefined) video = line.text.trim();
  }
  return { video, audio: audio.slice(0, 1) };
}

/**
 * Every viewer gets the same few playlist bodies at each part: the load generator reads each body
 * once (its CPU is the server's too, on a shared machine). The oldest readings are dropped first.
 */
const readings = new Map<string, LowLatencyPlaylist>();
const MAX_READINGS = 64;

export function readLowLatencyPlaylist(text: string): LowLatencyPlaylist {
  let playlist = readings.get(text);
  if (playlist === undefined) {
    playlist = parseLowLatencyPlaylist(text);
    readings.set(text, playlist);
    if (readings.size > MAX_READINGS) readings.delete(readings.keys().next().value as string);
  }
  return playlist;
}

function parseLowLatencyPlaylist(text: string): LowLatencyPlaylist {
  let msn = 0;
  let index = 0;
  let inSegment = false;
  let preloadHint: string | undefined;
  const parts: ListedPart[] = [];
  for (const line of parseHlsLines(text)) {
    if (line.tagName === "#EXT-X-MEDIA-SEQUENCE") msn = Number(line.tagValue);
    else if (line.tagName === "#EXT-X-PART") {
      const uri = quotedAttribute(parseAttributes(line.tagValue ?? ""), "URI");
      if (uri !== undefined) parts.push({ key: `${msn}.${index}`, uri });
      index++;
    } else if (line.tagName === "#EXTINF") inSegment = true;
    else if (line.kind === "uri" && inSegment) {
      // The segment's URI closes it: the parts listed so far were its parts; the next ones are the next segment's.
      msn++;
      index = 0;
      inSegment = false;
    } else if (line.tagName === "#EXT-X-PRELOAD-HINT") {
      const attributes = parseAttributes(line.tagValue ?? "");
      if (/TYPE=PART/.test(line.tagValue ?? "")) preloadHint = quotedAttribute(attributes, "URI");
    }
  }
  return { parts, preloadHint, next: { msn, part: index }, ended: text.includes("#EXT-X-ENDLIST") };
}
