/** TrackBox `trak` (ISO/IEC 14496-12 §8.3.1). */
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readChildren, requireChild } from "./children.ts";
import { parseMdia, writeMdia } from "./mdia.ts";
import type { MediaBox } from "./mdia.ts";
import { parseTkhd, writeTkhd } from "./tkhd.ts";
import type { TrackHeaderBox } from "./tkhd.ts";

export interface TrackBox {
  tkhd: TrackHeaderBox;
  mdia: MediaBox;
}

export function parseTrak(payload: Uint8Array): TrackBox {
  const children = readChildren(payload);
  return { tkhd: parseTkhd(requireChild(children, "tkhd", "trak").payload), mdia: parseMdia(requireChild(children, "mdia", "trak").payload) };
}

export function writeTrak(w: ByteWriter, box: TrackBox): void {
  w.box("trak", (b) => {
    writeTkhd(b, box.tkhd);
    writeMdia(b, box.mdia);
  });
}
