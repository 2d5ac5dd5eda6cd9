/** AVCDecoderConfigurationRecord `avcC` (ISO/IEC 14496-15 §5.3.3.1). */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { invalidBox } from "./box-error.ts";

export interface AvcConfigurationBox {
  configurationVersion: number;
  AVCProfileIndication: number;
  profile_compatibility: number;
  AVCLevelIndication: number;
  lengthSizeMinusOne: number;
  sequenceParameterSets: Uint8Array[];
  pictureParameterSets: Uint8Array[];
}

export function parseAvcC(payload: Uint8Array): AvcConfigurationBox {
  const r = new ByteReader(payload);
  const configurationVersion = r.u8("configurationVersion");
  if (configurationVersion !== 1) throw invalidBox(`avcC configurationVersion ${configurationVersion} is not 1`);
  const AVCProfileIndication = r.u8("AVCProfileIndication");
  const profile_compatibility = r.u8("profile_compatibility");
  const AVCLevelIndication = r.u8("AVCLevelIndication");
  const lengthSizeMinusOne = r.u8("lengthSizeMinusOne") & 0b11;
  const numOfSequenceParameterSets = r.u8("numOfSequenceParameterSets") & 0b11111;
  const sequenceParameterSets: Uint8Array[] = [];
  // Each length is checked against the remaining payload by `take` before any view is made.
  for (let i = 0; i < numOfSequenceParameterSets; i++) sequenceParameterSets.push(r.take(r.u16("sequenceParameterSetLength"), "sequenceParameterSetNALUnit"));
  const numOfPictureParameterSets = r.u8("numOfPictureParameterSets");
  const pictureParameterSets: Uint8Array[] = [];
  for (let i = 0; i < numOfPictureParameterSets; i++) pictureParameterSets.push(r.take(r.u16("pictureParameterSetLength"), "pictureParameterSetNALUnit"));
  return { configurationVersion, AVCProfileIndication, profile_compatibility, AVCLevelIndication, lengthSizeMinusOne, sequenceParameterSets, pictureParameterSets };
}

/** Writes the record; the reserved bits around the counts are set to 1 as §5.3.3.1.1 requires. */
export function writeAvcC(w: ByteWriter, box: AvcConfigurationBox): void {
  if (box.sequenceParameterSets.length > 31) throw new TypeError("avcC holds at most 31 sequence parameter sets");
  if (box.pictureParameterSets.length > 255) throw new TypeError("avcC holds at most 255 picture parameter sets");
  w.box("avcC", (b) => {
    b.u8(box.configurationVersion).u8(box.AVCProfileIndication).u8(box.profile_compatibility).u8(box.AVCLevelIndication);
    b.u8(0xfc | box.lengthSizeMinusOne).u8(0xe0 | box.sequenceParameterSets.length);
    for (const sps of box.sequenceParameterSets) b.u16(sps.byteLength).bytes(sps);
    b.u8(box.pictureParameterSets.length);
    for (const pps of box.pictureParameterSets) b.u16(pps.byteLength).bytes(pps);
  });
}
