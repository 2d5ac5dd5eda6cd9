// Subsample maps of length-prefixed H.264 samples (ISO/IEC 23001-7 §9.5, §10.4; ISO/IEC 23000-19 §8.2.2).
import { describe, expect, it } from "vitest";
import { hex } from "../boxes/testing/box-table.ts";
import { AvcParameterSets } from "../codecs/avc-slice-header.ts";
import type { NalLayout } from "./protected-track.ts";
import { videoSubsamples } from "./video-subsamples.ts";

/** Bytes from a bit string ("1 011 ..."): spaces are for reading; the last byte is padded with zeros. */
const bits = (s: string): Uint8Array => {
  const b = s.replace(/\s+/g, "");
  return Uint8Array.from({ length: Math.ceil(b.length / 8) }, (_, i) => parseInt(b.slice(i * 8, i * 8 + 8).padEnd(8, "0"), 2));
};

// SPS (§7.3.2.1.1): NAL header 0x67, profile 66, constraints c0, level 30; then
// sps_id ue 0 | log2_max_frame_num_minus4 ue 0 | poc_type ue 2 | max_num_ref_frames ue 1 | gaps 0 |
// width_in_mbs_minus1 ue 19 | height_in_map_units_minus1 ue 14 | frame_mbs_only 1 | direct_8x8 1 | cropping 0 | vui 0 | stop bit.
const SPS = Uint8Array.from([0x67, 0x42, 0xc0, 0x1e, ...bits("1 1 011 010 0 000010100 0001111 1 1 0 0 1")]);
// PPS (§7.3.2.2): pps_id 0 | sps_id 0 | CAVLC | no bottom-field POC | one slice group | l0/l1 defaults 0 |
// no weighted prediction | qp/qs/chroma offsets 0 | deblocking control present | not constrained intra | no redundant_pic_cnt | stop.
const PPS = Uint8Array.from([0x68, ...bits("1 1 0 0 1 1 1 0 00 1 1 1 1 0 0 1")]);
// IDR slice header (§7.3.3), nal_ref_idc 3: first_mb 0 | slice_type 7 (I) | pps 0 | frame_num 0000 | idr_pic_id 0 |
// no_output_of_prior_pics 0 | long_term_reference 0 | slice_qp_delta 0 | disable_deblocking_filter_idc 1:
// 8 + 20 bits, so the header ends inside the NAL unit's 4th byte and 4 stored bytes stay clear.
const IDR_HEADER = Uint8Array.from([0x65, ...bits("1 0001000 1 0000 1 0 0 1 010 1111")]);
const IDR_HEADER_CLEAR = 4;

const layout = (): NalLayout => {
  const parameterSets = new AvcParameterSets();
  parameterSets.add(SPS);
  parameterSets.add(PPS);
  return { codec: "avc", lengthSize: 4, parameterSets };
};
/** NAL units with 4-byte length prefixes, as one sample. */
const sample = (...nals: Uint8Array[]) => Uint8Array.from(nals.flatMap((n) => [(n.length >>> 24) & 0xff, (n.length >>> 16) & 0xff, (n.length >>> 8) & 0xff, n.length & 0xff, ...n]));
/** An IDR slice NAL unit with `dataBytes` of slice data after its 4-byte header. */
const idr = (dataBytes: number) => Uint8Array.from([...IDR_HEADER, ...new Array<number>(dataBytes).fill(0x5a)]);
const sei = Uint8Array.from([0x06, 0x05, 0x02, 0xaa, 0xbb, 0x80]);
const PREFIX = 4;

describe("videoSubsamples (H.264)", () => {
  const cases: { name: string; sample: Uint8Array; align: boolean; expected: [number, number][] }[] = [
    // The SEI and the slice header are clear; 100 bytes of slice data, aligned down to 96 for cenc.
    { name: "SEI then IDR slice, cenc (protected bytes whole blocks)", sample: sample(sei, idr(100)), align: true, expected: [[PREFIX + sei.length + PREFIX + IDR_HEADER_CLEAR + 4, 96]] },
    { name: "SEI then IDR slice, cbcs (a final partial block inside the protected range)", sample: sample(sei, idr(100)), align: false, expected: [[PREFIX + sei.length + PREFIX + IDR_HEADER_CLEAR, 100]] },
    { name: "a slice too short for a block is wholly clear", sample: sample(idr(10)), align: true, expected: [[PREFIX + IDR_HEADER_CLEAR + 10, 0]] },
    { name: "parameter sets in band are clear", sample: sample(SPS, PPS, idr(32)), align: true, expected: [[PREFIX + SPS.length + PREFIX + PPS.length + PREFIX + IDR_HEADER_CLEAR, 32]] },
    { name: "two slices give two subsamples", sample: sample(idr(48), idr(48)), align: true, expected: [[PREFIX + IDR_HEADER_CLEAR, 48], [PREFIX + IDR_HEADER_CLEAR, 48]] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = videoSubsamples(c.sample, layout(), { alignProtected: c.align, allowHevcHeaderOnly: true });
      expect(out.map((s) => [s.BytesOfClearData, s.BytesOfProtectedData])).toEqual(c.expected);
      expect(out.reduce((sum, s) => sum + s.BytesOfClearData + s.BytesOfProtectedData, 0)).toBe(c.sample.length);
    });
  }

  it("splits clear runs longer than 65535 bytes", () => {
    const big = new Uint8Array(70_000).fill(0x11);
    big[0] = 0x06; // SEI: clear
    const out = videoSubsamples(sample(big), layout(), { alignProtected: true, allowHevcHeaderOnly: true });
    expect(out.map((s) => [s.BytesOfClearData, s.BytesOfProtectedData])).toEqual([[65535, 0], [70_004 - 65535, 0]]);
  });

  it("rejects a NAL unit length that runs past the sample", () => {
    expect(() => videoSubsamples(hex("000000ff 65 88"), layout(), { alignProtected: true, allowHevcHeaderOnly: true })).toThrow(expect.objectContaining({ code: "media.invalid" }));
  });

  it("rejects a slice whose PPS is unknown", () => {
    // pic_parameter_set_id 1 (010) after first_mb 0 (1) and slice_type 7 (0001000): 1000 1000 010...
    expect(() => videoSubsamples(sample(Uint8Array.from([0x65, 0x88, 0x40, 0, 0, 0, 0])), layout(), { alignProtected: true, allowHevcHeaderOnly: true })).toThrow(expect.objectContaining({ code: "media.invalid" }));
  });

  it("leaves HEVC slice data protected after the 2-byte NAL header, and refuses HEVC when the slice header must be parsed", () => {
    const hevc: NalLayout = { codec: "hevc", lengthSize: 4 };
    const slice = Uint8Array.from([0x26, 0x01, ...new Array<number>(64).fill(0x33)]); // IDR_W_RADL
    const vps = Uint8Array.from([0x40, 0x01, 0x0c]);
    expect(videoSubsamples(sample(vps, slice), hevc, { alignProtected: true, allowHevcHeaderOnly: true }).map((s) => [s.BytesOfClearData, s.BytesOfProtectedData])).toEqual([[4 + 3 + 4 + 2, 64]]);
    expect(() => videoSubsamples(sample(slice), hevc, { alignProtected: false, allowHevcHeaderOnly: false })).toThrow(TypeError);
  });
});
