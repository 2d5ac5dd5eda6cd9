/**
 * One CMAF chunk (ISO/IEC 23000-19 §7.3.2.3) from samples: `moof` (mfhd, traf with tfhd
 * default-base-is-moof, tfdt and one trun with per-sample duration, size, flags and composition
 * offsets) followed by the `mdat` holding the samples back to back.
 */
import { ByteWriter } from "#core/bytes/byte-writer.ts";
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

/** One chunk in a single buffer: `prefix` (e.g. an `styp`), `moof`, then `mdat`, with the sizes to find each. */
export interface WrittenChunk {
  bytes: Uint8Array;
  prefixSize: number;
  moofSize: number;
}

/** `moof` + `mdat` for one track fragment. */
export function writeMediaFragment(fragment: MediaFragment): Uint8Array {
  return writeMediaChunk(fragment).bytes;
}

/**
 * The same, written once into a buffer of the exact size (samples are copied exactly once, the only
 * copy the remux path makes of them), optionally after `prefix` so a segment's first chunk can be
 * stored with its `styp` without another copy.
 */
export function writeMediaChunk(fragment: MediaFragment, prefix?: Uint8Array): WrittenChunk {
  const withOffsets = fragment.samples.some((s) => s.compositionOffset !== 0);
  const run = (data_offset: number): TrackRunBox => ({
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
  const moof = (data_offset: number): Uint8Array =>
    new ByteWriter()
      .box("moof", (w) => {
        writeMfhd(w, { sequence_number: fragment.sequence_number });
        w.box("traf", (t) => {
          writeTfhd(t, { flags: TFHD_FLAGS.default_base_is_moof, track_ID: fragment.track_ID });
          writeTfdt(t, { version: 1, base_media_decode_time: fragment.baseMediaDecodeTime });
          writeTrun(t, run(data_offset));
        });
      })
      .finish();
  // data_offset is a fixed-width field, so the box's size does not depend on its value.
  const moofSize = moof(0).byteLength;
  const moofBytes = moof(moofSize + 8);
  const dataSize = fragment.samples.reduce((n, s) => n + s.data.byteLength, 0);
  const prefixSize = prefix?.byteLength ?? 0;
  const pooled = Buffer.allocUnsafe(prefixSize + moofSize + 8 + dataSize);
  const out = new Uint8Array(pooled.buffer, pooled.byteOffset, pooled.byteLength);
  if (prefix !== undefined) out.set(prefix, 0);
  out.set(moofBytes, prefixSize);
  let at = prefixSize + moofSize;
  new DataView(out.buffer, out.byteOffset + at, 8).setUint32(0, 8 + dataSize);
  out.set(MDAT, at + 4);
  at += 8;
  for (const s of fragment.samples) {
    out.set(s.data, at);
    at += s.data.byteLength;
  }
  return { bytes: out, prefixSize, moofSize };
}

const MDAT = Uint8Array.of(0x6d, 0x64, 0x61, 0x74);
