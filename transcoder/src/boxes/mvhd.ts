/** MovieHeaderBox `mvhd` (ISO/IEC 14496-12 §8.2.2): the fields the packager needs. */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readFullBoxHeader } from "./full-box.ts";
import { writeUnityMatrix } from "./matrix.ts";

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

/** Writes creation/modification times as 0, rate 1.0, volume 1.0 and the unity matrix (§8.2.2.2). */
export function writeMvhd(w: ByteWriter, box: MovieHeaderBox): void {
  const long = box.version === 1;
  w.fullBox("mvhd", long ? 1 : 0, 0, (b) => {
    if (long) b.u64(0).u64(0).u32(box.timescale).u64(box.duration);
    else b.u32(0).u32(0).u32(box.timescale).u32(box.duration);
    b.u32(0x00010000).u16(0x0100).u16(0).u32(0).u32(0);
    writeUnityMatrix(b);
    for (let i = 0; i < 6; i++) b.u32(0); // pre_defined
    b.u32(box.next_track_ID);
  });
}
