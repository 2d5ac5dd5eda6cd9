/** TrackRunBox `trun` (ISO/IEC 14496-12 §8.8.8). */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { invalidBox } from "./box-error.ts";
import { readFullBoxHeader } from "./full-box.ts";

/** tr_flags (§8.8.8.1). */
export const TRUN_FLAGS = {
  data_offset_present: 0x000001,
  first_sample_flags_present: 0x000004,
  sample_duration_present: 0x000100,
  sample_size_present: 0x000200,
  sample_flags_present: 0x000400,
  sample_composition_time_offsets_present: 0x000800,
} as const;

export interface TrunSample {
  sample_duration?: number | undefined;
  sample_size?: number | undefined;
  sample_flags?: number | undefined;
  /** Unsigned in version 0, signed in version 1. */
  sample_composition_time_offset?: number | undefined;
}

export interface TrackRunBox {
  version: number;
  flags: number;
  data_offset?: number | undefined;
  first_sample_flags?: number | undefined;
  samples: TrunSample[];
}

const PER_SAMPLE_BITS = [TRUN_FLAGS.sample_duration_present, TRUN_FLAGS.sample_size_present, TRUN_FLAGS.sample_flags_present, TRUN_FLAGS.sample_composition_time_offsets_present];

/** A run with no per-sample fields costs no bytes per sample, so its count needs its own bound. */
const MAX_SAMPLES_WITHOUT_FIELDS = 100_000;

export function parseTrun(payload: Uint8Array): TrackRunBox {
  const r = new ByteReader(payload);
  const { version, flags } = readFullBoxHeader(r);
  const has = (bit: number) => (flags & bit) !== 0;
  const sample_count = r.u32("sample_count");
  const data_offset = has(TRUN_FLAGS.data_offset_present) ? r.i32("data_offset") : undefined;
  const first_sample_flags = has(TRUN_FLAGS.first_sample_flags_present) ? r.u32("first_sample_flags") : undefined;
  // sample_count is peer-declared: check it against the bytes present before building the array.
  const perSample = 4 * PER_SAMPLE_BITS.filter(has).length;
  if (sample_count * perSample > r.remaining) throw invalidBox(`trun sample_count ${sample_count} overruns the box`, { sample_count });
  if (perSample === 0 && sample_count > MAX_SAMPLES_WITHOUT_FIELDS) throw invalidBox(`trun sample_count ${sample_count} is implausible`, { sample_count });
  const samples: TrunSample[] = [];
  for (let i = 0; i < sample_count; i++) {
    samples.push({
      sample_duration: has(TRUN_FLAGS.sample_duration_present) ? r.u32() : undefined,
      sample_size: has(TRUN_FLAGS.sample_size_present) ? r.u32() : undefined,
      sample_flags: has(TRUN_FLAGS.sample_flags_present) ? r.u32() : undefined,
      sample_composition_time_offset: has(TRUN_FLAGS.sample_composition_time_offsets_present) ? (version === 1 ? r.i32() : r.u32()) : undefined,
    });
  }
  return { version, flags, data_offset, first_sample_flags, samples };
}

export function writeTrun(w: ByteWriter, box: TrackRunBox): void {
  const has = (bit: number) => (box.flags & bit) !== 0;
  const need = (value: number | undefined, name: string): number => {
    if (value === undefined) throw new TypeError(`trun flags announce ${name} but it is undefined`);
    return value;
  };
  w.fullBox("trun", box.version, box.flags, (b) => {
    b.u32(box.samples.length);
    if (has(TRUN_FLAGS.data_offset_present)) b.i32(need(box.data_offset, "data_offset"));
    if (has(TRUN_FLAGS.first_sample_flags_present)) b.u32(need(box.first_sample_flags, "first_sample_flags"));
    for (const s of box.samples) {
      if (has(TRUN_FLAGS.sample_duration_present)) b.u32(need(s.sample_duration, "sample_duration"));
      if (has(TRUN_FLAGS.sample_size_present)) b.u32(need(s.sample_size, "sample_size"));
      if (has(TRUN_FLAGS.sample_flags_present)) b.u32(need(s.sample_flags, "sample_flags"));
      if (has(TRUN_FLAGS.sample_composition_time_offsets_present)) {
        const cto = need(s.sample_composition_time_offset, "sample_composition_time_offset");
        if (box.version === 1) b.i32(cto);
        else b.u32(cto);
      }
    }
  });
}
