/** SampleToGroupBox `sbgp` (ISO/IEC 14496-12 §8.9.2), version 0: runs of samples mapped to a group description. */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { invalidBox } from "./box-error.ts";
import { readFullBoxHeader } from "./full-box.ts";

/** A group_description_index above this refers to the `sgpd` in the same track fragment (§8.9.4). */
export const FRAGMENT_LOCAL_GROUP_INDEX = 0x10000;

export interface SampleToGroupBox {
  grouping_type: string;
  entries: { sample_count: number; group_description_index: number }[];
}

export function parseSbgp(payload: Uint8Array): SampleToGroupBox {
  const r = new ByteReader(payload);
  const { version } = readFullBoxHeader(r);
  if (version !== 0) throw invalidBox(`sbgp version ${version} is not supported`);
  const grouping_type = r.fourcc("grouping_type");
  const entry_count = r.u32("entry_count");
  if (entry_count * 8 > r.remaining) throw invalidBox(`sbgp entry_count ${entry_count} overruns the box`, { entry_count });
  const entries = [];
  for (let i = 0; i < entry_count; i++) entries.push({ sample_count: r.u32("sample_count"), group_description_index: r.u32("group_description_index") });
  return { grouping_type, entries };
}

export function writeSbgp(w: ByteWriter, box: SampleToGroupBox): void {
  w.fullBox("sbgp", 0, 0, (b) => {
    b.fourcc(box.grouping_type).u32(box.entries.length);
    for (const e of box.entries) b.u32(e.sample_count).u32(e.group_description_index);
  });
}
