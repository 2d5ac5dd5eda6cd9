/** MediaInformationBox `minf` (ISO/IEC 14496-12 §8.4.4). */
import { readChildren, requireChild } from "./children.ts";
import { parseStbl } from "./stbl.ts";
import type { SampleTableBox } from "./stbl.ts";

export interface MediaInformationBox {
  stbl: SampleTableBox;
}

export function parseMinf(payload: Uint8Array): MediaInformationBox {
  return { stbl: parseStbl(requireChild(readChildren(payload), "stbl", "minf").payload) };
}
