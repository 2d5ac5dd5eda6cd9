/** HEVCDecoderConfigurationRecord `hvcC` (ISO/IEC 14496-15 §8.3.3.1): the profile/tier/level head. */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import { invalidBox } from "./box-error.ts";

export interface HevcConfigurationBox {
  configurationVersion: number;
  general_profile_space: number;
  general_tier_flag: number;
  general_profile_idc: number;
  general_profile_compatibility_flags: number;
  /** 48 bits, first byte first. */
  general_constraint_indicator_flags: Uint8Array;
  general_level_idc: number;
  lengthSizeMinusOne: number;
  numOfArrays: number;
}

export function parseHvcC(payload: Uint8Array): HevcConfigurationBox {
  const r = new ByteReader(payload);
  const configurationVersion = r.u8("configurationVersion");
  if (configurationVersion !== 1) throw invalidBox(`hvcC configurationVersion ${configurationVersion} is not 1`);
  const ptl = r.u8("general_profile_space");
  const general_profile_compatibility_flags = r.u32("general_profile_compatibility_flags");
  const general_constraint_indicator_flags = r.take(6, "general_constraint_indicator_flags");
  const general_level_idc = r.u8("general_level_idc");
  // min_spatial_segmentation_idc (2), parallelismType, chromaFormat, bitDepthLuma, bitDepthChroma (1 each), avgFrameRate (2).
  r.skip(8, "min_spatial_segmentation_idc..avgFrameRate");
  const lengthSizeMinusOne = r.u8("lengthSizeMinusOne") & 0b11;
  const numOfArrays = r.u8("numOfArrays");
  return {
    configurationVersion,
    general_profile_space: ptl >> 6,
    general_tier_flag: (ptl >> 5) & 1,
    general_profile_idc: ptl & 0b11111,
    general_profile_compatibility_flags,
    general_constraint_indicator_flags,
    general_level_idc,
    lengthSizeMinusOne,
    numOfArrays,
  };
}
