/** MediaBox `mdia` (ISO/IEC 14496-12 §8.4.1). */
import { readChildren, requireChild } from "./children.ts";
import { parseHdlr } from "./hdlr.ts";
import type { HandlerBox } from "./hdlr.ts";
import { parseMdhd } from "./mdhd.ts";
import type { MediaHeaderBox } from "./mdhd.ts";
import { parseMinf } from "./minf.ts";
import type { MediaInformationBox } from "./minf.ts";

export interface MediaBox {
  mdhd: MediaHeaderBox;
  hdlr: HandlerBox;
  minf: MediaInformationBox;
}

export function parseMdia(payload: Uint8Array): MediaBox {
  const children = readChildren(payload);
  return {
    mdhd: parseMdhd(requireChild(children, "mdhd", "mdia").payload),
    hdlr: parseHdlr(requireChild(children, "hdlr", "mdia").payload),
    minf: parseMinf(requireChild(children, "minf", "mdia").payload),
  };
}
