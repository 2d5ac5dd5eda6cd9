/** H.264 NAL units built bit by bit from the spec's syntax tables, for the subsample tests and fuzz seeds. */
import { AvcParameterSets } from "../../codecs/avc-slice-header.ts";
import type { NalLayout } from "../protected-track.ts";

/** Bytes from a bit string ("1 011 ..."): spaces are for reading; the last byte is padded with zeros. */
export const bits = (s: string): Uint8Array => {
  const b = s.replace(/\s+/g, "");
  return Uint8Array.from({ length: Math.ceil(b.length / 8) }, (_, i) => parseInt(b.slice(i * 8, i * 8 + 8).padEnd(8, "0"), 2));
};

// SPS (§7.3.2.1.1): NAL header 0x67, profile 66, constraints c0, level 30; then
// sps_id ue 0 | log2_max_frame_num_minus4 ue 0 | poc_type ue 2 | max_num_ref_frames ue 1 | gaps 0 |
// width_in_mbs_minus1 ue 19 | height_in_map_units_minus1 ue 14 | frame_mbs_only 1 | direct_8x8 1 | cropping 0 | vui 0 | stop bit.
export const SPS = Uint8Array.from([0x67, 0x42, 0xc0, 0x1e, ...bits("1 1 011 010 0 000010100 0001111 1 1 0 0 1")]);
// PPS (§7.3.2.2): pps_id 0 | sps_id 0 | CAVLC | no bottom-field POC | one slice group | l0/l1 defaults 0 |
// no weighted prediction | qp/qs/chroma offsets 0 | deblocking control present | not constrained intra | no redundant_pic_cnt | stop.
export const PPS = Uint8Array.from([0x68, ...bits("1 1 0 0 1 1 1 0 00 1 1 1 1 0 0 1")]);
// IDR slice header (§7.3.3), nal_ref_idc 3: first_mb 0 | slice_type 7 (I) | pps 0 | frame_num 0000 | idr_pic_id 0 |
// no_output_of_prior_pics 0 | long_term_reference 0 | slice_qp_delta 0 | disable_deblocking_filter_idc 1:
// 8 + 20 bits, so the header ends inside the NAL unit's 4th byte and 4 stored bytes stay clear.
export const IDR_HEADER = Uint8Array.from([0x65, ...bits("1 0001000 1 0000 1 0 0 1 010 1111")]);
export const IDR_HEADER_CLEAR = 4;

/** An H.264 layout (4-byte lengths) that knows SPS and PPS. */
export const avcLayout = (): NalLayout => {
  const parameterSets = new AvcParameterSets();
  parameterSets.add(SPS);
  parameterSets.add(PPS);
  return { codec: "avc", lengthSize: 4, parameterSets };
};
/** NAL units with 4-byte length prefixes, as one sample. */
export const lengthPrefixed = (...nals: Uint8Array[]) => Uint8Array.from(nals.flatMap((n) => [(n.length >>> 24) & 0xff, (n.length >>> 16) & 0xff, (n.length >>> 8) & 0xff, n.length & 0xff, ...n]));
/** An IDR slice NAL unit with `dataBytes` of slice data after its 4-byte header. */
export const idr = (dataBytes: number) => Uint8Array.from([...IDR_HEADER, ...new Array<number>(dataBytes).fill(0x5a)]);
export const sei = Uint8Array.from([0x06, 0x05, 0x02, 0xaa, 0xbb, 0x80]);
