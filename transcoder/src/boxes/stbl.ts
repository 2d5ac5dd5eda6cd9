/** SampleTableBox `stbl` (ISO/IEC 14496-12 §8.5.1): only `stsd` matters in a fragmented init segment. */
import { readChildren, requireChild } from "./children.ts";
import { parseStsd } from "./stsd.ts";
import type { SampleDescriptionBox } from "./stsd.ts";

export interface SampleTableBox {
  stsd: SampleDescriptionBox;
}

export function parseStbl(payload: Uint8Array): SampleTableBox {
  return { stsd: parseStsd(requireChild(readChildren(payload), "stsd", "stbl").payload) };
}
