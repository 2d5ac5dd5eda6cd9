/** SchemeInformationBox `schi` (ISO/IEC 14496-12 §8.12.6): for the common schemes, it holds the `tenc`. */
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readChildren, requireChild } from "./children.ts";
import { parseTenc, writeTenc } from "./tenc.ts";
import type { TrackEncryptionBox } from "./tenc.ts";

export interface SchemeInformationBox {
  tenc: TrackEncryptionBox;
}

export function parseSchi(payload: Uint8Array): SchemeInformationBox {
  return { tenc: parseTenc(requireChild(readChildren(payload), "tenc", "schi").payload) };
}

export function writeSchi(w: ByteWriter, box: SchemeInformationBox): void {
  w.box("schi", (b) => writeTenc(b, box.tenc));
}
