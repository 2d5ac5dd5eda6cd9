/** AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1), the AVC sequence header's body. */
import { TributaryError } from "#core/errors.ts";
import { ByteReader } from "#relay/rtmp/byte-reader.ts";

export interface AvcDecoderConfigurationRecord {
  configurationVersion: number;
  AVCProfileIndication: number;
  profile_compatibility: number;
  AVCLevelIndication: number;
  /** NAL unit length field size in bytes (lengthSizeMinusOne + 1). */
  lengthSize: number;
  sequenceParameterSets: Uint8Array[];
  pictureParameterSets: Uint8Array[];
}

export function parseAvcDecoderConfigurationRecord(data: Uint8Array): AvcDecoderConfigurationRecord {
  const reader = new ByteReader(data);
  const configurationVersion = reader.u8();
  if (configurationVersion !== 1) throw new TributaryError("media.invalid", `AVC configurationVersion ${configurationVersion}`);
  const AVCProfileIndication = reader.u8();
  const profile_compatibility = reader.u8();
  const AVCLevelIndication = reader.u8();
  const lengthSize = (reader.u8() & 0x03) + 1;
  const sequenceParameterSets: Uint8Array[] = [];
  const spsCount = reader.u8() & 0x1f;
  for (let i = 0; i < spsCount; i++) sequenceParameterSets.push(reader.take(reader.u16(), "SPS"));
  const pictureParameterSets: Uint8Array[] = [];
  const ppsCount = reader.u8();
  for (let i = 0; i < ppsCount; i++) pictureParameterSets.push(reader.take(reader.u16(), "PPS"));
  return { configurationVersion, AVCProfileIndication, profile_compatibility, AVCLevelIndication, lengthSize, sequenceParameterSets, pictureParameterSets };
}

/** RFC 6381 codec string, e.g. "avc1.64001f". */
export function avcCodecString(record: AvcDecoderConfigurationRecord): string {
  const hex = (n: number) => n.toString(16).padStart(2, "0");
  return `avc1.${hex(record.AVCProfileIndication)}${hex(record.profile_compatibility)}${hex(record.AVCLevelIndication)}`;
}
