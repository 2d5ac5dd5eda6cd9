/**
 * H.264 access units between RTP and ISO-BMFF: NAL units without framing on the RTP side,
 * length-prefixed samples and an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1) on the
 * container side.
 */
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { TributaryError } from "#core/errors.ts";
import { writeAvcC } from "#transcoder/boxes/avcC.ts";

/** nal_unit_type values (ITU-T H.264 Table 7-1) a session acts on. */
export const NalType = { idr: 5, sps: 7, pps: 8, accessUnitDelimiter: 9 } as const;

export const nalType = (unit: Uint8Array): number => (unit[0] ?? 0) & 0x1f;

/** An IDR picture: decoding may start here. */
export function isIdr(nalUnits: readonly Uint8Array[]): boolean {
  return nalUnits.some((unit) => nalType(unit) === NalType.idr);
}

/** The record ffmpeg and the packager read, built from the SPS and PPS a WebRTC sender puts in band. */
export function avcDecoderConfiguration(sps: Uint8Array, pps: Uint8Array): Uint8Array {
  if (sps.byteLength < 4) throw new TributaryError("ingest.protocol", "H.264 SPS shorter than its profile and level");
  const w = new ByteWriter(sps.byteLength + pps.byteLength + 32);
  writeAvcC(w, {
    configurationVersion: 1,
    AVCProfileIndication: sps[1] ?? 0,
    profile_compatibility: sps[2] ?? 0,
    AVCLevelIndication: sps[3] ?? 0,
    lengthSizeMinusOne: 3,
    sequenceParameterSets: [sps],
    pictureParameterSets: [pps],
  });
  return w.finish().slice(8); // the record is the box's payload
}

/** NAL units as one sample with 4-byte big-endian lengths (lengthSizeMinusOne = 3). */
export function lengthPrefixed(nalUnits: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(nalUnits.reduce((n, unit) => n + 4 + unit.byteLength, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const unit of nalUnits) {
    view.setUint32(at, unit.byteLength);
    out.set(unit, at + 4);
    at += 4 + unit.byteLength;
  }
  return out;
}

/** The NAL units of a length-prefixed sample; a length that overruns the sample ends the walk. */
export function splitLengthPrefixed(sample: Uint8Array, lengthSize: number): Uint8Array[] {
  const units: Uint8Array[] = [];
  let at = 0;
  while (at + lengthSize <= sample.byteLength) {
    let size = 0;
    for (let i = 0; i < lengthSize; i++) size = size * 256 + (sample[at + i] ?? 0);
    at += lengthSize;
    if (size === 0 || at + size > sample.byteLength) break;
    units.push(sample.subarray(at, at + size));
    at += size;
  }
  return units;
}
