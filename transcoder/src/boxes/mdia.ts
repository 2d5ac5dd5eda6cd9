/** MediaBox `mdia` (ISO/IEC 14496-12 §8.4.1). */
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readChildren, requireChild } from "./children.ts";
import { parseHdlr, writeHdlr } from "./hdlr.ts";
import type { HandlerBox } from "./hdlr.ts";
import { parseMdhd, writeMdhd } from "./mdhd.ts";
import type { MediaHeaderBox } from "./mdhd.ts";
import { parseMinf, writeMinf } from "./minf.ts";
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

export function writeMdia(w: ByteWriter, box: MediaBox): void {
  w.box("mdia", (b) => {
    writeMdhd(b, box.mdhd);
    writeHdlr(b, box.hdlr);
    writeMinf(b, box.minf, box.hdlr.handler_type);
  });
}
