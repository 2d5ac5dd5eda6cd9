/** SegmentIndexBox `sidx` (ISO/IEC 14496-12 §8.16.3); parsed when an encoder emits one. */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import { invalidBox } from "./box-error.ts";
import { readFullBoxHeader } from "./full-box.ts";

export interface SidxReference {
  reference_type: number;
  referenced_size: number;
  subsegment_duration: number;
  starts_with_SAP: number;
  SAP_type: number;
  SAP_delta_time: number;
}

export interface SegmentIndexBox {
  version: number;
  reference_ID: number;
  timescale: number;
  earliest_presentation_time: number;
  first_offset: number;
  references: SidxReference[];
}

export function parseSidx(payload: Uint8Array): SegmentIndexBox {
  const r = new ByteReader(payload);
  const { version } = readFullBoxHeader(r);
  const reference_ID = r.u32("reference_ID");
  const timescale = r.u32("timescale");
  const earliest_presentation_time = version === 0 ? r.u32("earliest_presentation_time") : r.u64("earliest_presentation_time");
  const first_offset = version === 0 ? r.u32("first_offset") : r.u64("first_offset");
  r.skip(2, "reserved");
  const reference_count = r.u16("reference_count");
  if (reference_count * 12 > r.remaining) throw invalidBox(`sidx reference_count ${reference_count} overruns the box`);
  const references: SidxReference[] = [];
  for (let i = 0; i < reference_count; i++) {
    const a = r.u32();
    const subsegment_duration = r.u32();
    const c = r.u32();
    references.push({ reference_type: a >>> 31, referenced_size: a & 0x7fffffff, subsegment_duration, starts_with_SAP: c >>> 31, SAP_type: (c >>> 28) & 0b111, SAP_delta_time: c & 0x0fffffff });
  }
  return { version, reference_ID, timescale, earliest_presentation_time, first_offset, references };
}
