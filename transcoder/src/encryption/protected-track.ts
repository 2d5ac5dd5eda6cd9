/** What encrypting a track's samples needs to know, read once from its clear init segment. */
import { invalidBox } from "../boxes/box-error.ts";
import { readChildren, requireChild } from "../boxes/children.ts";
import { parseMoov } from "../boxes/moov.ts";
import { AvcParameterSets } from "../codecs/avc-slice-header.ts";

/** How a video track's samples are cut into NAL units (ISO/IEC 14496-15 §4.3: length-prefixed). */
export type NalLayout =
  | { codec: "avc"; lengthSize: number; parameterSets: AvcParameterSets }
  | { codec: "hevc"; lengthSize: number };

export interface ProtectedTrack {
  track_ID: number;
  kind: "video" | "audio";
  /** The clear sample entry type (`avc1`, `hvc1`, `mp4a`), kept in `frma`. */
  format: string;
  /** trex default_sample_size, for runs that give no sizes. */
  default_sample_size: number;
  /** Present for video. */
  nal?: NalLayout | undefined;
}

/** The single track of a clear CMAF header (ISO/IEC 23000-19 §7.3.1). */
export function protectedTrackOf(init: Uint8Array): ProtectedTrack {
  const moov = parseMoov(requireChild(readChildren(init), "moov", "init segment").payload);
  const trak = moov.trak[0];
  if (trak === undefined || moov.trak.length !== 1) throw invalidBox(`expected one track in moov, found ${moov.trak.length}`);
  const entry = trak.mdia.minf.stbl.stsd.entries[0];
  if (entry === undefined || trak.mdia.minf.stbl.stsd.entries.length !== 1) throw invalidBox("expected one sample entry");
  const base = { track_ID: trak.tkhd.track_ID, format: entry.format, default_sample_size: moov.mvex?.trex.find((t) => t.track_ID === trak.tkhd.track_ID)?.default_sample_size ?? 0 };
  if (entry.kind === "audio") return { ...base, kind: "audio" };
  if (entry.kind !== "visual") throw invalidBox(`cannot encrypt samples of ${entry.format}`);
  if (entry.avcC !== undefined) {
    const parameterSets = new AvcParameterSets();
    for (const nal of [...entry.avcC.sequenceParameterSets, ...entry.avcC.pictureParameterSets]) parameterSets.add(nal);
    return { ...base, kind: "video", nal: { codec: "avc", lengthSize: entry.avcC.lengthSizeMinusOne + 1, parameterSets } };
  }
  if (entry.hvcC !== undefined) return { ...base, kind: "video", nal: { codec: "hevc", lengthSize: entry.hvcC.lengthSizeMinusOne + 1 } };
  throw invalidBox(`${entry.format} sample entry has no decoder configuration`);
}
