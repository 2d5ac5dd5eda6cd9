/** SampleTableBox `stbl` (ISO/IEC 14496-12 §8.5.1): only `stsd` matters in a fragmented init segment. */
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readChildren, requireChild } from "./children.ts";
import { parseStsd, writeStsd } from "./stsd.ts";
import type { SampleDescriptionBox } from "./stsd.ts";

export interface SampleTableBox {
  stsd: SampleDescriptionBox;
}

export function parseStbl(payload: Uint8Array): SampleTableBox {
  return { stsd: parseStsd(requireChild(readChildren(payload), "stsd", "stbl").payload) };
}

/**
 * A fragmented file's sample table: `stsd` plus the mandatory time-to-sample, sample-to-chunk, size and
 * chunk-offset tables, all empty because every sample lives in a fragment (§8.8.1, ISO/IEC 23000-19 §7.5.2).
 */
export function writeStbl(w: ByteWriter, box: SampleTableBox): void {
  w.box("stbl", (b) => {
    writeStsd(b, box.stsd);
    b.fullBox("stts", 0, 0, (t) => t.u32(0)); // entry_count (§8.6.1.2)
    b.fullBox("stsc", 0, 0, (t) => t.u32(0)); // entry_count (§8.7.4)
    b.fullBox("stsz", 0, 0, (t) => t.u32(0).u32(0)); // sample_size, sample_count (§8.7.3.2)
    b.fullBox("stco", 0, 0, (t) => t.u32(0)); // entry_count (§8.7.5)
  });
}
