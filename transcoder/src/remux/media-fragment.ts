/**
 * One CMAF chunk (ISO/IEC 23000-19 §7.3.2.3) from samples: `moof` (mfhd, traf with tfhd
 * default-base-is-moof, tfdt and one trun with per-sample duration, size, flags and composition
 * offsets) followed by the `mdat` holding the samples back to back.
 */
import { ByteWriter } from "../boxes/byte-writer.ts";
import { writeMfhd } from "../boxes/mfhd.ts";
import { writeTfdt } from "../boxes/tfdt.ts";
import { TFHD_FLAGS, writeTfhd } from "../boxes/tfhd.ts";
import { TRUN_FLAGS, writeTrun } from "../boxes/trun.ts";
import type { TrackRunBox } from "../boxes/trun.ts";

/** sample_depends_on = 2 (an I picture) and sample_is_non_sync_sample = 0 (§8.8.3.1, ISO/IEC 14496-12 Table 6). */
export const SYNC_SAMPLE_FLAGS = 0x02000000;
/** sample_depends_on = 1 (depends on others) and sample_is_non_sync_sample = 1. */
export const NON_SYNC_SAMPLE_FLAGS = 0x01010000;

export interface FragmentSample {
  /** In the track's timescale. */
  duration: number;
  /** Composition minus decode time, in ticks. */
  compositionOffset: number;
  sync: boolean;
  data: Uint8Array;
}

export interface MediaFragment {
  sequence_number: number;
  track_ID: number;
  baseMediaDecodeTime: number;
  samples: readonly FragmentSample[];
}

/** `moof` + `mdat` for one track fragment. */
export function writeMediaFragment(fragment: MediaFragment): Uint8Array {
  const withOffsets = fragment.samples.some((s) => s.compositionOffset !== 0);
  const run = (data_offset: number): TrackRunBox => ({
    // Version 1 makes offsets signed (§8.8.8.2), so a stream whose presentation precedes decode still fits.
    version: fragment.samples.some((s) => s.compositionOffset < 0) ? 1 : 0,
    flags: TRUN_FLAGS.data_offset_present | TRUN_FLAGS.sample_duration_present | TRUN_FLAGS.sample_size_present | TRUN_FLAGS.sample_flags_present | (withOffsets ? TRUN_FLAGS.sample_composition_time_offsets_present : 0),
    data_offset,
    samples: fragment.samples.map((s) => ({
      sample_duration: s.duration,
      sample_size: s.data.byteLength,
      sample_flags: s.sync ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS,
      sample_composition_time_offset: withOffsets ? s.compositionOffset : undefined,
    })),
  });
  const moof = (data_offset: number): ByteWriter =>
    new ByteWriter().box("moof", (w) => {
      writeMfhd(w, { sequence_number: fragment.sequence_number });
      w.box("traf", (t) => {
        writeTfhd(t, { flags: TFHD_FLAGS.default_base_is_moof, track_ID: fragment.track_ID });
        writeTfdt(t, { version: 1, base_media_decode_time: fragment.baseMediaDecodeTime });
        writeTrun(t, run(data_offset));
      });
    });
  // data_offset counts from the moof's first byte (default-base-is-moof) to the first sample, past mdat's header.
  const moofSize = moof(0).length;
  const out = moof(moofSize + 8);
  const dataSize = fragment.samples.reduce((n, s) => n + s.data.byteLength, 0);
  out.u32(8 + dataSize).fourcc("mdat");
  for (const s of fragment.samples) out.bytes(s.data);
  return out.finish();
}
