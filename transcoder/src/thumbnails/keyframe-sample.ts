/**
 * The first sample of a CMAF segment (its keyframe, §7.3.3: a segment starts with a sync sample) and
 * the decoder configuration of its header, read with the repo's box parsers.
 */
import { invalidBox } from "../boxes/box-error.ts";
import type { AvcConfigurationBox } from "../boxes/avcC.ts";
import { findChild, readChildren } from "../boxes/children.ts";
import { parseMoof } from "../boxes/moof.ts";
import { parseMoov } from "../boxes/moov.ts";

export type DecoderConfig =
  | { codec: "avc"; avcC: AvcConfigurationBox }
  /** HEVC and anything else the shared decoder does not take. */
  | { codec: "other"; format: string };

/** The sample entry's decoder configuration from a CMAF header (`ftyp` + `moov`). */
export function decoderConfig(init: Uint8Array): DecoderConfig {
  const moov = findChild(readChildren(init), "moov");
  if (moov === undefined) throw invalidBox("CMAF header has no moov");
  const entry = parseMoov(moov.payload).trak[0]?.mdia.minf.stbl.stsd.entries[0];
  if (entry === undefined) throw invalidBox("CMAF header has no sample entry");
  if (entry.kind === "visual" && entry.avcC !== undefined) return { codec: "avc", avcC: entry.avcC };
  return { codec: "other", format: entry.format };
}

/** The bytes of the segment's first sample (a view into `segment`). */
export function firstSample(segment: Uint8Array): Uint8Array {
  let offset = 0;
  for (const box of readChildren(segment)) {
    if (box.type === "moof") return sampleOf(segment, offset, box.payload);
    offset += box.bytes.byteLength;
  }
  throw invalidBox("CMAF segment has no moof");
}

function sampleOf(segment: Uint8Array, moofStart: number, moofPayload: Uint8Array): Uint8Array {
  const traf = parseMoof(moofPayload).traf[0];
  const run = traf?.trun[0];
  if (traf === undefined || run === undefined) throw invalidBox("moof has no track run");
  // An absolute base_data_offset points into a file we do not have; CMAF uses default-base-is-moof (§7.5.16).
  if (traf.tfhd.base_data_offset !== undefined) throw invalidBox("tfhd base_data_offset is not supported in a CMAF segment");
  const size = run.samples[0]?.sample_size ?? traf.tfhd.default_sample_size;
  if (size === undefined) throw invalidBox("first sample has no size");
  const start = moofStart + (run.data_offset ?? 0);
  if (start < 0 || size <= 0 || start + size > segment.byteLength) throw invalidBox(`first sample (${size} bytes at ${start}) lies outside the segment`);
  return segment.subarray(start, start + size);
}
