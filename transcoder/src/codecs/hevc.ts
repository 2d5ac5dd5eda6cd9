/** Codec string for HEVC from its hvcC (ISO/IEC 14496-15 Annex E.3), e.g. `hvc1.1.6.L93.B0`. */
import type { HevcConfigurationBox } from "../boxes/hvcC.ts";

/** Reverses the 32 bits of the profile compatibility flags, as E.3 requires before printing in hex. */
function reverseBits32(v: number): number {
  let out = 0;
  for (let i = 0; i < 32; i++) out = (out << 1) | ((v >>> i) & 1);
  return out >>> 0;
}

export function hevcCodecString(format: string, hvcC: HevcConfigurationBox): string {
  const space = ["", "A", "B", "C"][hvcC.general_profile_space] ?? "";
  const compat = reverseBits32(hvcC.general_profile_compatibility_flags).toString(16).toUpperCase();
  const tier = hvcC.general_tier_flag === 1 ? "H" : "L";
  // Constraint bytes are printed in hex, trailing zero bytes omitted (E.3).
  const constraints = [...hvcC.general_constraint_indicator_flags];
  while (constraints.length > 0 && constraints[constraints.length - 1] === 0) constraints.pop();
  const parts = [format, `${space}${hvcC.general_profile_idc}`, compat, `${tier}${hvcC.general_level_idc}`, ...constraints.map((b) => b.toString(16).toUpperCase())];
  return parts.join(".");
}
