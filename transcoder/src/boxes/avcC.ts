/** AVCDecoderConfigurationRecord `avcC` (ISO/IEC 14496-15 §5.3.3.1). */
import { ByteReader } from "./byte-reader.ts";
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
