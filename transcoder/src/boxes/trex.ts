/** TrackExtendsBox `trex` (ISO/IEC 14496-12 §8.8.3): per-track fragment defaults. */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readFullBoxHeader } from "./full-box.ts";

export interface TrackExtendsBox {
  track_ID: number;
  default_sample_description_index: number;
  default_sample_duration: number;
  default_sample_size: number;
  default_sample_flags: number;
}

export function parseTrex(payload: Uint8Array): TrackExtendsBox {
  const r = new ByteReader(payload);
  readFullBoxHeader(r);
  return {
    track_ID: r.u32("track_ID"),
    default_sample_description_index: r.u32("default_sample_description_index"),
    default_sample_duration: r.u32("default_sample_duration"),
    default_sample_size: r.u32("default_sample_size"),
    default_sample_flags: r.u32("default_sample_flags"),
  };
}

export function writeTrex(box: TrackExtendsBox): Uint8Array {
  return new ByteWriter()
    .fullBox("trex", 0, 0, (w) => {
      w.u32(box.track_ID).u32(box.default_sample_description_index).u32(box.default_sample_duration).u32(box.default_sample_size).u32(box.default_sample_flags);
    })
    .finish();
}
