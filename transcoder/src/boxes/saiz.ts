/** SampleAuxiliaryInformationSizesBox `saiz` (ISO/IEC 14496-12 §8.7.8): the size of each sample's `senc` entry. */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { invalidBox } from "./box-error.ts";
import { readFullBoxHeader } from "./full-box.ts";

export interface SampleAuxiliaryInformationSizesBox {
  /** Flag 1: aux_info_type and its parameter are written (`cenc`/`cbcs` as the type, §8.7.8.2). */
  flags: number;
  aux_info_type?: string | undefined;
  aux_info_type_parameter?: number | undefined;
  /** The size shared by every sample, or 0 when `sample_info_size` lists them. */
  default_sample_info_size: number;
  sample_count: number;
  /** One size per sample, present only when `default_sample_info_size` is 0. */
  sample_info_size?: number[] | undefined;
}

export function parseSaiz(payload: Uint8Array): SampleAuxiliaryInformationSizesBox {
  const r = new ByteReader(payload);
  const { flags } = readFullBoxHeader(r);
  const typed = (flags & 1) !== 0;
  const aux_info_type = typed ? r.fourcc("aux_info_type") : undefined;
  const aux_info_type_parameter = typed ? r.u32("aux_info_type_parameter") : undefined;
  const default_sample_info_size = r.u8("default_sample_info_size");
  const sample_count = r.u32("sample_count");
  let sample_info_size: number[] | undefined;
  if (default_sample_info_size === 0) {
    if (sample_count > r.remaining) throw invalidBox(`saiz sample_count ${sample_count} overruns the box`, { sample_count });
    sample_info_size = Array.from(r.take(sample_count, "sample_info_size"));
  }
  return { flags, aux_info_type, aux_info_type_parameter, default_sample_info_size, sample_count, sample_info_size };
}

export function writeSaiz(w: ByteWriter, box: SampleAuxiliaryInformationSizesBox): void {
  w.fullBox("saiz", 0, box.flags, (b) => {
    if ((box.flags & 1) !== 0) b.fourcc(box.aux_info_type ?? "").u32(box.aux_info_type_parameter ?? 0);
    b.u8(box.default_sample_info_size).u32(box.sample_count);
    if (box.default_sample_info_size !== 0) return;
    const sizes = box.sample_info_size ?? [];
    if (sizes.length !== box.sample_count) throw new TypeError(`saiz lists ${sizes.length} sizes for ${box.sample_count} samples`);
    for (const size of sizes) b.u8(size);
  });
}

/** The `saiz` for `sizes`: one default when all agree, else the table (§8.7.8.3). */
export function saizFor(sizes: readonly number[]): SampleAuxiliaryInformationSizesBox {
  const first = sizes[0] ?? 0;
  if (sizes.some((s) => s > 0xff)) throw new TypeError("a sample's auxiliary information is larger than 255 bytes");
  const uniform = first > 0 && sizes.every((s) => s === first);
  return { flags: 0, default_sample_info_size: uniform ? first : 0, sample_count: sizes.length, sample_info_size: uniform ? undefined : [...sizes] };
}
