/** TrackBox `trak` (ISO/IEC 14496-12 §8.3.1). */
import { readChildren, requireChild } from "./children.ts";
import { parseMdia } from "./mdia.ts";
import type { MediaBox } from "./mdia.ts";
import { parseTkhd } from "./tkhd.ts";
import type { TrackHeaderBox } from "./tkhd.ts";

export interface TrackBox {
  tkhd: TrackHeaderBox;
  mdia: MediaBox;
}

export function parseTrak(payload: Uint8Array): TrackBox {
  const children = readChildren(payload);
  return { tkhd: parseTkhd(requireChild(children, "tkhd", "trak").payload), mdia: parseMdia(requireChild(children, "mdia", "trak").payload) };
}
