/** MovieHeaderBox `mvhd` (ISO/IEC 14496-12 §8.2.2): the fields the packager needs. */
import { ByteReader } from "./byte-reader.ts";
import { readFullBoxHeader } from "./full-box.ts";

export interface MovieHeaderBox {
  version: number;
  timescale: number;
  duration: number;
  next_track_ID: number;
}

export function parseMvhd(payload: Uint8Array): MovieHeaderBox {
  const r = new ByteReader(payload);
  const { version } = readFullBoxHeader(r);
  const long = version === 1;
  r.skip(long ? 16 : 8, "creation_time/modification_time");
  const timescale = r.u32("timescale");
  const duration = long ? r.u64("duration") : r.u32("duration");
  // rate, volume, reserved, matrix, pre_defined: 4 + 2 + 10 + 36 + 24 bytes.
  r.skip(76, "rate..pre_defined");
  const next_track_ID = r.u32("next_track_ID");
  return { version, timescale, duration, next_track_ID };
}
