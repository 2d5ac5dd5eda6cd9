/** MovieFragmentHeaderBox `mfhd` (ISO/IEC 14496-12 §8.8.5). */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readFullBoxHeader } from "./full-box.ts";

export interface MovieFragmentHeaderBox {
  sequence_number: number;
}

export function parseMfhd(payload: Uint8Array): MovieFragmentHeaderBox {
  const r = new ByteReader(payload);
  readFullBoxHeader(r);
  return { sequence_number: r.u32("sequence_number") };
}

export function writeMfhd(w: ByteWriter, box: MovieFragmentHeaderBox): void {
  w.fullBox("mfhd", 0, 0, (b) => b.u32(box.sequence_number));
}
