/** What a viewer reads off HLS playlists: the variant it plays, and the segments a media playlist lists. */
import { parseHlsLines } from "#core/manifest/hls-lines.ts";

export interface ListedSegment {
  /** Media sequence number (RFC 8216bis §4.4.3.2: EXT-X-MEDIA-SEQUENCE, then one more per segment). */
  sequence: number;
  /** EXTINF duration, seconds. */
  duration: number;
  uri: string;
}

export function listedSegments(text: string): ListedSegment[] {
  let sequence = 0;
  let duration: number | undefined;
  const segments: ListedSegment[] = [];
  for (const line of parseHlsLines(text)) {
    if (line.tagName === "#EXT-X-MEDIA-SEQUENCE") sequence = Number(line.tagValue);
    else if (line.tagName === "#EXTINF") duration = Number.parseFloat(line.tagValue ?? "");
    else if (line.kind === "uri" && duration !== undefined) {
      segments.push({ sequence: sequence++, duration, uri: line.text.trim() });
      duration = undefined;
    }
  }
  return segments;
}

/** The URI of the first variant (the URI line after the first EXT-X-STREAM-INF, RFC 8216bis §4.4.6.2), or undefined. */
export function firstVariantUri(text: string): string | undefined {
  let inVariant = false;
  for (const line of parseHlsLines(text)) {
    if (line.tagName === "#EXT-X-STREAM-INF") inVariant = true;
    else if (inVariant && line.kind === "uri") return line.text.trim();
  }
  return undefined;
}
