/**
 * What usage needs from the playlists the platform wrote: the media duration of every segment and part
 * a media playlist lists (EXTINF, RFC 8216bis §4.4.4.1; EXT-X-PART DURATION, §4.4.4.9), and the
 * resolution of every variant a multivariant playlist lists (§4.4.6.2), so an edge response can carry
 * its media seconds and resolution tier.
 */
import { attribute, parseAttributes, quotedAttribute } from "../manifest/hls-attributes.ts";
import { parseHlsLines } from "../manifest/hls-lines.ts";
import { resolutionTier, type ResolutionTier } from "./usage-record.ts";

const DECIMAL = /^\d{1,9}(\.\d{1,9})?$/;

/**
 * Seconds per URI, as the media playlist writes them (`12.m4s`, `12.3.m4s`, relative to the playlist).
 * @example segmentDurations("#EXTM3U\n#EXTINF:2.00000,\n0.m4s\n").get("0.m4s") // 2
 */
export function segmentDurations(playlist: string): Map<string, number> {
  const durations = new Map<string, number>();
  let pending: number | undefined;
  for (const line of parseHlsLines(playlist)) {
    if (line.kind === "uri") {
      if (pending !== undefined) durations.set(line.text.trim(), pending);
      pending = undefined;
    } else if (line.tagName === "#EXTINF") {
      const value = (line.tagValue ?? "").split(",")[0]?.trim() ?? "";
      pending = DECIMAL.test(value) ? Number(value) : undefined;
    } else if (line.tagName === "#EXT-X-PART") {
      const attributes = parseAttributes(line.tagValue ?? "");
      const uri = quotedAttribute(attributes, "URI");
      const duration = attribute(attributes, "DURATION") ?? "";
      if (uri !== undefined && DECIMAL.test(duration)) durations.set(uri, Number(duration));
    }
  }
  return durations;
}

/** Seconds of media a media playlist lists: the sum of its segments' EXTINF (parts are inside segments). */
export function playlistSeconds(playlist: string): number {
  let total = 0;
  for (const line of parseHlsLines(playlist)) {
    if (line.tagName !== "#EXTINF") continue;
    const value = (line.tagValue ?? "").split(",")[0]?.trim() ?? "";
    if (DECIMAL.test(value)) total += Number(value);
  }
  return Math.round(total * 1e6) / 1e6;
}

/**
 * The tier of each video rendition a multivariant playlist lists, by the folder of its media playlist
 * (`720p/index.m3u8` → `720p`). The tier goes by the picture's short side, so a portrait 720×1280
 * rendition is HD like a landscape 1280×720 one.
 */
export function renditionTiers(multivariant: string): Map<string, ResolutionTier> {
  const tiers = new Map<string, ResolutionTier>();
  let pending: ResolutionTier | undefined;
  for (const line of parseHlsLines(multivariant)) {
    if (line.tagName === "#EXT-X-STREAM-INF") {
      const match = /^(\d{1,6})x(\d{1,6})$/.exec(attribute(parseAttributes(line.tagValue ?? ""), "RESOLUTION") ?? "");
      pending = match === null ? undefined : resolutionTier(Math.min(Number(match[1]), Number(match[2])));
    } else if (line.kind === "uri") {
      const slash = line.text.lastIndexOf("/");
      if (pending !== undefined && slash > 0) tiers.set(line.text.slice(0, slash), pending);
      pending = undefined;
    }
  }
  return tiers;
}
