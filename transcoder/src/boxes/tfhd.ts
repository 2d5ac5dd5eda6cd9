/** TrackFragmentHeaderBox `tfhd` (ISO/IEC 14496-12 §8.8.7). */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readFullBoxHeader } from "./full-box.ts";

/** tf_flags (§8.8.7.1). */
export const TFHD_FLAGS = {
  base_data_offset_present: 0x000001,
  sample_description_index_present: 0x000002,
  default_sample_duration_present: 0x000008,
  default_sample_size_present: 0x000010,
  default_sample_flags_present: 0x000020,
  duration_is_empty: 0x010000,
  default_base_is_moof: 0x020000,
} as const;

export interface TrackFragmentHeaderBox {
  flags: number;
  track_ID: number;
  base_data_offset?: number | undefined;
  sample_description_index?: number | undefined;
  default_sample_duration?: number | undefined;
  default_sample_size?: number | undefined;
  default_sample_flags?: number | undefined;
}

export function parseTfhd(payload: Uint8Array): TrackFragmentHeaderBox {
  const r = new ByteReader(payload);
  const { flags } = readFullBoxHeader(r);
  const has = (bit: number) => (flags & bit) !== 0;
  return {
    flags,
    track_ID: r.u32("track_ID"),
    base_data_offset: has(TFHD_FLAGS.base_data_offset_present) ? r.u64("base_data_offset") : undefined,
    sample_description_index: has(TFHD_FLAGS.sample_description_index_present) ? r.u32("sample_description_index") : undefined,
    default_sample_duration: has(TFHD_FLAGS.default_sample_duration_present) ? r.u32("default_sample_duration") : undefined,
    default_sample_size: has(TFHD_FLAGS.default_sample_size_present) ? r.u32("default_sample_size") : undefined,
    default_sample_flags: has(TFHD_FLAGS.default_sample_flags_present) ? r.u32("default_sample_flags") : undefined,
  };
}

/** Writes the optional fields its `flags` announce; a flagged field left undefined is our own bug. */
export function writeTfhd(w: ByteWriter, box: TrackFragmentHeaderBox): void {
  const field = (bit: number, value: number | undefined, name: string): number | undefined => {
    if ((box.flags & bit) === 0) return undefined;
    if (value === undefined) throw new TypeError(`tfhd flags announce ${name} but it is undefined`);
    return value;
  };
  w.fullBox("tfhd", 0, box.flags, (b) => {
    b.u32(box.track_ID);
    const base = field(TFHD_FLAGS.base_data_offset_present, box.base_data_offset, "base_data_offset");
    if (base !== undefined) b.u64(base);
    for (const [bit, value, name] of [
      [TFHD_FLAGS.sample_description_index_present, box.sample_description_index, "sample_description_index"],
      [TFHD_FLAGS.default_sample_duration_present, box.default_sample_duration, "default_sample_duration"],
      [TFHD_FLAGS.default_sample_size_present, box.default_sample_size, "default_sample_size"],
      [TFHD_FLAGS.default_sample_flags_present, box.default_sample_flags, "default_sample_flags"],
    ] as const) {
      const v = field(bit, value, name);
      if (v !== undefined) b.u32(v);
    }
  });
}
