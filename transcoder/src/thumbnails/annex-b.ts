/**
 * H.264 in MP4 (length-prefixed NAL units, ISO/IEC 14496-15 §5.3.2) to a byte stream (ITU-T H.264
 * Annex B: start codes), as ffmpeg's raw `h264` demuxer reads it.
 */
import { invalidBox } from "../boxes/box-error.ts";
import type { AvcConfigurationBox } from "../boxes/avcC.ts";
import { concat } from "#core/bytes/concat.ts";

const START_CODE = new Uint8Array([0, 0, 0, 1]);

/** The NAL units of one length-prefixed sample, as views into `sample`. */
export function sampleNalUnits(sample: Uint8Array, lengthSize: number): Uint8Array[] {
  if (lengthSize !== 1 && lengthSize !== 2 && lengthSize !== 4) throw invalidBox(`NAL length size ${lengthSize} is not 1, 2 or 4`);
  const view = new DataView(sample.buffer, sample.byteOffset, sample.byteLength);
  const units: Uint8Array[] = [];
  let offset = 0;
  while (offset < sample.byteLength) {
    if (offset + lengthSize > sample.byteLength) throw invalidBox("truncated NAL unit length");
    const length = lengthSize === 4 ? view.getUint32(offset) : lengthSize === 2 ? view.getUint16(offset) : view.getUint8(offset);
    offset += lengthSize;
    // The declared length is checked against the sample before the view is taken.
    if (length === 0 || offset + length > sample.byteLength) throw invalidBox(`NAL unit of ${length} bytes overruns the sample`);
    units.push(sample.subarray(offset, offset + length));
    offset += length;
  }
  return units;
}

/** nal_unit_type (H.264 §7.4.1, Table 7-1). */
export function nalUnitType(unit: Uint8Array): number {
  return (unit[0] ?? 0) & 0x1f;
}

/** Start-code-prefixed NAL units back to back. */
export function annexB(units: readonly Uint8Array[]): Uint8Array {
  return concat(units.flatMap((unit) => [START_CODE, unit]));
}

/** SPS and PPS from the avcC, then the sample's own NAL units: one self-contained access unit. */
export function keyframeAccessUnit(avcC: AvcConfigurationBox, sample: Uint8Array): Uint8Array[] {
  return [...avcC.sequenceParameterSets, ...avcC.pictureParameterSets, ...sampleNalUnits(sample, avcC.lengthSizeMinusOne + 1)];
}
