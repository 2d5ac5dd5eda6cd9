/** RFC 6381 §3.3 codec string for H.264 from its avcC: `avc1.PPCCLL` in hex. */
import type { AvcConfigurationBox } from "../boxes/avcC.ts";

const hex2 = (n: number) => n.toString(16).padStart(2, "0");

/** e.g. `avc1.64001f` for High profile, level 3.1. */
export function avcCodecString(format: string, avcC: AvcConfigurationBox): string {
  return `${format}.${hex2(avcC.AVCProfileIndication)}${hex2(avcC.profile_compatibility)}${hex2(avcC.AVCLevelIndication)}`;
}
