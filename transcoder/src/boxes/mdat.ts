/** MediaDataBox `mdat` (ISO/IEC 14496-12 §8.1.1): opaque sample bytes, addressed by `trun` offsets. */
import { ByteWriter } from "#core/bytes/byte-writer.ts";

export function writeMdat(data: Uint8Array): Uint8Array {
  return new ByteWriter().box("mdat", (w) => w.bytes(data)).finish();
}
