/** SampleAuxiliaryInformationOffsetsBox `saio` (ISO/IEC 14496-12 §8.7.9): where the `senc` entries start. */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { invalidBox } from "./box-error.ts";
import { readFullBoxHeader } from "./full-box.ts";

export interface SampleAuxiliaryInformationOffsetsBox {
  /** 0: 32-bit offsets; 1: 64-bit. */
  version: number;
  flags: number;
  aux_info_type?: string | undefined;
  aux_info_type_parameter?: number | undefined;
  /** In a movie fragment, relative to the same base as trun's data_offset (the `moof` start with default-base-is-moof). */
  offset: number[];
}

export function parseSaio(payload: Uint8Array): SampleAuxiliaryInformationOffsetsBox {
  const r = new ByteReader(payload);
  const { version, flags } = readFullBoxHeader(r);
  const typed = (flags & 1) !== 0;
  const aux_info_type = typed ? r.fourcc("aux_info_type") : undefined;
  const aux_info_type_parameter = typed ? r.u32("aux_info_type_parameter") : undefined;
  const entry_count = r.u32("entry_count");
  const width = version === 0 ? 4 : 8;
  if (entry_count * width > r.remaining) throw invalidBox(`saio entry_count ${entry_count} overruns the box`, { entry_count });
  const offset: number[] = [];
  for (let i = 0; i < entry_count; i++) offset.push(version === 0 ? r.u32("offset") : r.u64("offset"));
  return { version, flags, aux_info_type, aux_info_type_parameter, offset };
}

export function writeSaio(w: ByteWriter, box: SampleAuxiliaryInformationOffsetsBox): void {
  w.fullBox("saio", box.version, box.flags, (b) => {
    if ((box.flags & 1) !== 0) b.fourcc(box.aux_info_type ?? "").u32(box.aux_info_type_parameter ?? 0);
    b.u32(box.offset.length);
    for (const offset of box.offset) {
      if (box.version === 0) b.u32(offset);
      else b.u64(offset);
    }
  });
}
