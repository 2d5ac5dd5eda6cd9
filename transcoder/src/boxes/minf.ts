/** MediaInformationBox `minf` (ISO/IEC 14496-12 §8.4.4). */
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readChildren, requireChild } from "./children.ts";
import { parseStbl, writeStbl } from "./stbl.ts";
import type { SampleTableBox } from "./stbl.ts";

export interface MediaInformationBox {
  stbl: SampleTableBox;
}

export function parseMinf(payload: Uint8Array): MediaInformationBox {
  return { stbl: parseStbl(requireChild(readChildren(payload), "stbl", "minf").payload) };
}

/**
 * Writes the media header the handler calls for (`vmhd` §12.1.2 for `vide`, `smhd` §12.2.2 for
 * `soun`), a `dinf` whose one `dref` entry says "media in this file" (§8.7.2), then the `stbl`.
 */
export function writeMinf(w: ByteWriter, box: MediaInformationBox, handler_type: string): void {
  w.box("minf", (b) => {
    if (handler_type === "vide") b.fullBox("vmhd", 0, 1, (v) => v.u16(0).u16(0).u16(0).u16(0)); // graphicsmode, opcolor[3]
    else if (handler_type === "soun") b.fullBox("smhd", 0, 0, (s) => s.u16(0).u16(0)); // balance, reserved
    else throw new TypeError(`no media header for handler ${handler_type}`);
    b.box("dinf", (d) => d.fullBox("dref", 0, 0, (r) => r.u32(1).fullBox("url ", 0, 1, () => undefined)));
    writeStbl(b, box.stbl);
  });
}
