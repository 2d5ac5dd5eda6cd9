/** The unity transformation matrix of `mvhd` and `tkhd` (ISO/IEC 14496-12 §6.2.2): 16.16 and 2.30 fixed point. */
import type { ByteWriter } from "#core/bytes/byte-writer.ts";

const UNITY_MATRIX = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000] as const;

export function writeUnityMatrix(w: ByteWriter): void {
  for (const v of UNITY_MATRIX) w.u32(v);
}
