// Subsample maps of length-prefixed H.264 samples (ISO/IEC 23001-7 §9.5, §10.4; ISO/IEC 23000-19 §8.2.2).
import { describe, expect, it } from "vitest";
import { hex } from "../boxes/testing/box-table.ts";
import type { NalLayout } from "./protected-track.ts";
import { IDR_HEADER_CLEAR, PPS, SPS, avcLayout as layout, idr, lengthPrefixed as sample, sei } from "./testing/avc-fixtures.ts";
import { videoSubsamples } from "./video-subsamples.ts";

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
