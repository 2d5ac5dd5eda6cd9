/** OriginalFormatBox `frma` (ISO/IEC 14496-12 §8.12.2): the sample entry type before protection (`avc1`, `mp4a`). */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";

export interface OriginalFormatBox {
  data_format: string;
}

export function parseFrma(payload: Uint8Array): OriginalFormatBox {
  return { data_format: new ByteReader(payload).fourcc("data_format") };
}

export function writeFrma(w: ByteWriter, box: OriginalFormatBox): void {
  w.box("frma", (b) => b.fourcc(box.data_format));
}
