/** Timing and independence of one `moof` (ISO/IEC 14496-12 §8.8), using tfhd then trex defaults. */
import { invalidBox } from "../boxes/box-error.ts";
import type { MovieFragmentBox } from "../boxes/moof.ts";
import type { TrackInfo } from "../codecs/track-info.ts";

/** sample_is_non_sync_sample in the sample flags word (§8.8.3.1). */
const SAMPLE_IS_NON_SYNC = 0x00010000;

export interface FragmentTiming {
  sequence_number: number;
  /** tfdt base_media_decode_time, or `undefined` when the fragment has no tfdt. */
  baseMediaDecodeTime: number | undefined;
  duration: number;
  independent: boolean;
  sampleCount: number;
}

export function fragmentTiming(moof: MovieFragmentBox, track: TrackInfo): FragmentTiming {
  const traf = moof.traf.find((t) => t.tfhd.track_ID === track.track_ID);
  if (traf === undefined || moof.traf.length !== 1) throw invalidBox(`expected one traf for track ${track.track_ID}, found ${moof.traf.length}`);
  const defaultDuration = traf.tfhd.default_sample_duration ?? track.default_sample_duration;
  const defaultFlags = traf.tfhd.default_sample_flags ?? track.default_sample_flags;
  let duration = 0;
  let sampleCount = 0;
  let firstFlags: number | undefined;
  for (const run of traf.trun) {
    for (const [i, sample] of run.samples.entries()) {
      if (firstFlags === undefined) firstFlags = i === 0 && run.first_sample_flags !== undefined ? run.first_sample_flags : (sample.sample_flags ?? defaultFlags);
      duration += sample.sample_duration ?? defaultDuration;
      sampleCount++;
    }
  }
  return {
    sequence_number: moof.mfhd.sequence_number,
    baseMediaDecodeTime: traf.tfdt?.base_media_decode_time,
    duration,
    independent: firstFlags !== undefined && (firstFlags & SAMPLE_IS_NON_SYNC) === 0,
    sampleCount,
  };
}
