/** What the manifests need to know about a track, read from an init segment's `moov`. */
import { invalidBox } from "../boxes/box-error.ts";
import type { MovieBox } from "../boxes/moov.ts";
import { avcCodecString } from "./avc.ts";
import { hevcCodecString } from "./hevc.ts";
import { mp4aCodecString } from "./aac.ts";

export interface TrackInfo {
  track_ID: number;
  kind: "video" | "audio";
  /** RFC 6381 codec string, e.g. `avc1.64001f` or `mp4a.40.2`. */
  codec: string;
  /** mdhd timescale: every tick count for this track is in this unit. */
  timescale: number;
  width?: number | undefined;
  height?: number | undefined;
  sampleRate?: number | undefined;
  channels?: number | undefined;
  /** trex defaults, needed to time fragments that omit per-sample fields. */
  default_sample_duration: number;
  default_sample_flags: number;
}

/** The single track of a CMAF track file (ISO/IEC 23000-19 §7.3.1: one track per CMAF track). */
export function trackInfo(moov: MovieBox): TrackInfo {
  const trak = moov.trak[0];
  if (trak === undefined || moov.trak.length !== 1) throw invalidBox(`expected one track in moov, found ${moov.trak.length}`);
  const entry = trak.mdia.minf.stbl.stsd.entries[0];
  if (entry === undefined) throw invalidBox("stsd has no sample entry");
  const trex = moov.mvex?.trex.find((t) => t.track_ID === trak.tkhd.track_ID);
  const base = {
    track_ID: trak.tkhd.track_ID,
    timescale: trak.mdia.mdhd.timescale,
    default_sample_duration: trex?.default_sample_duration ?? 0,
    default_sample_flags: trex?.default_sample_flags ?? 0,
  };
  if (entry.kind === "visual") {
    const codec = entry.avcC !== undefined ? avcCodecString(entry.format, entry.avcC) : entry.hvcC !== undefined ? hevcCodecString(entry.format, entry.hvcC) : undefined;
    if (codec === undefined) throw invalidBox(`${entry.format} sample entry has no decoder configuration`);
    // tkhd carries the presentation size (after pixel aspect); the sample entry the coded size.
    const width = trak.tkhd.width > 0 ? Math.round(trak.tkhd.width) : entry.width;
    const height = trak.tkhd.height > 0 ? Math.round(trak.tkhd.height) : entry.height;
    return { ...base, kind: "video", codec, width, height };
  }
  if (entry.kind === "audio") {
    if (entry.esds === undefined) throw invalidBox(`${entry.format} sample entry has no esds`);
    return { ...base, kind: "audio", codec: mp4aCodecString(entry.format, entry.esds), sampleRate: entry.samplerate, channels: entry.channelcount };
  }
  throw invalidBox(`unsupported sample entry ${entry.format}`);
}
