/**
 * Cuts a parsed WebVTT file into plain WebVTT segments aligned to the media's segments, with the
 * subtitle media playlist that lists them (RFC 8216bis §3.1.4). Each segment carries
 * `X-TIMESTAMP-MAP` so players place its cues on the media timeline; a cue that spans a boundary
 * appears in every segment it overlaps, as the spec requires.
 */
import type { WebVtt } from "./webvtt.ts";

export interface CaptionPackage {
  /** `index.m3u8` of the subtitle rendition. */
  playlist: string;
  /** Segment bodies, in order, named `<index>.vtt`. */
  segments: string[];
  /** The whole file, for DASH's `BaseURL` and downloads. */
  whole: string;
}

/** 90 kHz MPEG-2 clock ticks of `seconds`, modulo 2^33 as X-TIMESTAMP-MAP's MPEGTS is. */
export function mpegTsTicks(seconds: number): number {
  return Math.round(seconds * 90_000) % 2 ** 33;
}

/**
 * @param durations the media's segment durations in seconds, in order
 * @param mediaStart where the media timeline starts (the first segment's decode time), in seconds
 */
export function packageCaptions(vtt: WebVtt, durations: readonly number[], mediaStart: number): CaptionPackage {
  const header = ["WEBVTT", ...vtt.preamble.filter((line) => !/^X-TIMESTAMP-MAP=/.test(line))];
  // LOCAL 0 is the media's start: cue times are relative to the start of the asset.
  const map = `X-TIMESTAMP-MAP=MPEGTS:${mpegTsTicks(mediaStart)},LOCAL:00:00:00.000`;
  const segments: string[] = [];
  let from = 0;
  for (const duration of durations) {
    const to = from + duration;
    const cues = vtt.cues.filter((cue) => cue.start < to && cue.end > from).map((cue) => cue.text);
    segments.push([...header, map, "", ...cues.flatMap((cue) => [cue, ""])].join("\n"));
    from = to;
  }
  const target = Math.max(1, ...durations.map((d) => Math.ceil(d - 0.0005)));
  const playlist = [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    `#EXT-X-TARGETDURATION:${target}`,
    "#EXT-X-MEDIA-SEQUENCE:0",
    "#EXT-X-PLAYLIST-TYPE:VOD",
    ...durations.flatMap((d, i) => [`#EXTINF:${d.toFixed(5)},`, `${i}.vtt`]),
    "#EXT-X-ENDLIST",
    "",
  ].join("\n");
  const whole = [...header, "", ...vtt.cues.flatMap((cue) => [cue.text, ""])].join("\n");
  return { playlist, segments, whole };
}
