/**
 * Where a picture at time `t` of a finished (VOD) package lives: the rendition to decode it from
 * (the narrowest at least as wide as asked, else the widest), and in that rendition's media playlist
 * the segment holding `t` with the offset of `t` inside it.
 */
import { attribute, parseAttributes, quotedAttribute } from "./hls-attributes.ts";
import { parseHlsLines } from "./hls-lines.ts";

export interface VariantPicture {
  /** The folder of the variant's media playlist (`720p/index.m3u8` → `720p`). */
  rendition: string;
  width: number;
}

/** The video variants of a multivariant playlist (§4.4.6.2), with their widths. */
export function variantPictures(multivariant: string): VariantPicture[] {
  const variants: VariantPicture[] = [];
  let width: number | undefined;
  for (const line of parseHlsLines(multivariant)) {
    if (line.tagName === "#EXT-X-STREAM-INF") {
      const match = /^(\d{1,6})x(\d{1,6})$/.exec(attribute(parseAttributes(line.tagValue ?? ""), "RESOLUTION") ?? "");
      width = match === null ? undefined : Number(match[1]);
    } else if (line.kind === "uri") {
      const slash = line.text.lastIndexOf("/");
      if (width !== undefined && slash > 0) variants.push({ rendition: line.text.slice(0, slash), width });
      width = undefined;
    }
  }
  return variants;
}

/** The narrowest variant at least `width` wide, else the widest; `undefined` when there is no video. */
export function variantForWidth(variants: readonly VariantPicture[], width: number): VariantPicture | undefined {
  const byWidth = [...variants].sort((a, b) => a.width - b.width);
  return byWidth.find((variant) => variant.width >= width) ?? byWidth[byWidth.length - 1];
}

export interface SegmentAt {
  /** The header (`EXT-X-MAP`) and segment URIs, relative to the media playlist. */
  init: string;
  segment: string;
  /** Seconds from the segment's start to `t`. */
  offsetSeconds: number;
}

export interface SegmentTimeline {
  durationSeconds: number;
  /** The segment holding `t`, or `undefined` when `t` is not inside the media. */
  at(t: number): SegmentAt | undefined;
}

/** The segments of a media playlist on its timeline (EXTINF, §4.4.4.1; EXT-X-MAP, §4.4.4.5). */
export function segmentTimeline(playlist: string): SegmentTimeline {
  const segments: { init: string; uri: string; start: number; duration: number }[] = [];
  let init: string | undefined;
  let pending: number | undefined;
  let clock = 0;
  for (const line of parseHlsLines(playlist)) {
    if (line.tagName === "#EXT-X-MAP") init = quotedAttribute(parseAttributes(line.tagValue ?? ""), "URI");
    else if (line.tagName === "#EXTINF") {
      const seconds = Number.parseFloat(line.tagValue ?? "");
      pending = Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
    } else if (line.kind === "uri") {
      if (pending !== undefined && init !== undefined) segments.push({ init, uri: line.text.trim(), start: clock, duration: pending });
      clock += pending ?? 0;
      pending = undefined;
    }
  }
  return {
    durationSeconds: clock,
    at(t) {
      const found = segments.find((segment) => t >= segment.start && t < segment.start + segment.duration);
      return found === undefined ? undefined : { init: found.init, segment: found.uri, offsetSeconds: t - found.start };
    },
  };
}
