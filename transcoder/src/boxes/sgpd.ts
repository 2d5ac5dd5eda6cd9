/** SampleGroupDescriptionBox `sgpd` (ISO/IEC 14496-12 §8.9.3), version 1: entries kept as bytes, each with its length. */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { invalidBox } from "./box-error.ts";
import { readFullBoxHeader } from "./full-box.ts";

export interface SampleGroupDescriptionBox {
  grouping_type: string;
  /** The length every entry has, or 0 when each entry states its own (version 1). */
  default_length: number;
  /** The group entries as bytes (for `seig`, see seig.ts). */
  entries: Uint8Array[];
}

export function parseSgpd(payload: Uint8Array): SampleGroupDescriptionBox {
  const r = new ByteReader(payload);
  const { version } = readFullBoxHeader(r);
  if (version !== 1) throw invalidBox(`sgpd version ${version} is not supported`);
  const grouping_type = r.fourcc("grouping_type");
  const default_length = r.u32("default_length");
  const entry_count = r.u32("entry_count");
  // Each entry takes at least its length field or default_length bytes: bound the count by the bytes present.
  if (entry_count * Math.max(default_length, default_length === 0 ? 4 : 1) > r.remaining) throw invalidBox(`sgpd entry_count ${entry_count} overruns the box`, { entry_count });
  const entries: Uint8Array[] = [];
  for (let i = 0; i < entry_count; i++) entries.push(r.take(default_length === 0 ? r.u32("description_length") : default_length, "sample group entry"));
  return { grouping_type, default_length, entries };
}

export function writeSgpd(w: ByteWriter, box: SampleGroupDescriptionBox): void {
  if (box.default_length !== 0 && box.entries.some((e) => e.byteLength !== box.default_length)) throw new TypeError("sgpd entries differ from default_length");
  w.fullBox("sgpd", 1, 0, (b) => {
    b.fourcc(box.grouping_type).u32(box.default_length).u32(box.entries.length);
    for (const entry of box.entries) {
      if (box.default_length === 0) b.u32(entry.byteLength);
      b.bytes(entry);
    }
  });
}
