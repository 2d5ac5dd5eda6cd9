/** SegmentTypeBox `styp` (ISO/IEC 14496-12 §8.16.2): same fields as `ftyp`, leads a media segment. */
import { parseFtyp, writeFtyp } from "./ftyp.ts";
import type { FileTypeBox } from "./ftyp.ts";

export type SegmentTypeBox = FileTypeBox;

export const parseStyp = parseFtyp;

/** CMAF media segment brands (ISO/IEC 23000-19 §7.2): `msdh`/`msix` from 14496-12, `cmfs` for a CMAF segment. */
export const CMAF_SEGMENT_TYPE: SegmentTypeBox = { major_brand: "msdh", minor_version: 0, compatible_brands: ["msdh", "msix", "cmfs", "cmff"] };

export function writeStyp(box: SegmentTypeBox = CMAF_SEGMENT_TYPE): Uint8Array {
  return writeFtyp(box, "styp");
}
