/** Rewrites a fragment's `moof` for continuity: new sequence_number, shifted base_media_decode_time. */
import { invalidBox } from "./box-error.ts";
import { parseMoof, writeMoof } from "./moof.ts";
import { TFHD_FLAGS } from "./tfhd.ts";
import { TRUN_FLAGS } from "./trun.ts";

export interface MoofRewrite {
  /** New mfhd sequence_number (ISO/IEC 14496-12 §8.8.5: increasing across the track). */
  sequence_number?: number;
  /** Ticks added to every traf's tfdt base_media_decode_time. */
  decodeTimeOffset?: number;
}

/**
 * Returns the rewritten `moof` bytes (a whole box). When the box grows (tfdt version 0 → 1),
 * trun data_offset values relative to the moof (§8.8.7.1 default-base-is-moof) move by the same delta
 * so they still point into the following `mdat`.
 */
export function rewriteMoof(moofBox: Uint8Array, payload: Uint8Array, rewrite: MoofRewrite): Uint8Array {
  const moof = parseMoof(payload);
  if (rewrite.sequence_number !== undefined) moof.mfhd.sequence_number = rewrite.sequence_number;
  const offset = rewrite.decodeTimeOffset ?? 0;
  for (const traf of moof.traf) {
    if (offset === 0) continue;
    if (traf.tfdt === undefined) throw invalidBox("cannot shift decode time of a traf without tfdt");
    const shifted = traf.tfdt.base_media_decode_time + offset;
    if (!Number.isSafeInteger(shifted) || shifted < 0) throw invalidBox(`shifted base_media_decode_time ${shifted} is out of range`);
    traf.tfdt = { ...traf.tfdt, base_media_decode_time: shifted };
  }
  let out = writeMoof(moof);
  const delta = out.byteLength - moofBox.byteLength;
  if (delta !== 0) {
    for (const traf of moof.traf) {
      if (traf.tfhd.flags & TFHD_FLAGS.base_data_offset_present) throw invalidBox("cannot resize a moof whose tfhd carries an absolute base_data_offset");
      for (const run of traf.trun) if (run.flags & TRUN_FLAGS.data_offset_present && run.data_offset !== undefined) run.data_offset += delta;
    }
    out = writeMoof(moof);
  }
  return out;
}
