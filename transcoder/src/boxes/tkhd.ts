/** TrackHeaderBox `tkhd` (ISO/IEC 14496-12 §8.3.2). */
import { ByteReader } from "./byte-reader.ts";
import { readFullBoxHeader } from "./full-box.ts";

export interface TrackHeaderBox {
  version: number;
  flags: number;
  track_ID: number;
  duration: number;
  /** 16.16 fixed point in the file; here as a number of pixels. */
  width: number;
  height: number;
}

export function parseTkhd(payload: Uint8Array): TrackHeaderBox {
  const r = new ByteReader(payload);
  const { version, flags } = readFullBoxHeader(r);
  const long = version === 1;
  r.skip(long ? 16 : 8, "creation_time/modification_time");
  const track_ID = r.u32("track_ID");
  r.skip(4, "reserved");
  const duration = long ? r.u64("duration") : r.u32("duration");
  // reserved[2], layer, alternate_group, volume, reserved, matrix: 8 + 2 + 2 + 2 + 2 + 36 bytes.
  r.skip(52, "reserved..matrix");
  const width = r.u32("width") / 65536;
  const height = r.u32("height") / 65536;
  return { version, flags, track_ID, duration, width, height };
}
