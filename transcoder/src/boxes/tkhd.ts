/** TrackHeaderBox `tkhd` (ISO/IEC 14496-12 §8.3.2). */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readFullBoxHeader } from "./full-box.ts";
import { writeUnityMatrix } from "./matrix.ts";

/** tkhd flags (§8.3.2.3). */
export const TKHD_FLAGS = { track_enabled: 0x000001, track_in_movie: 0x000002, track_in_preview: 0x000004 } as const;

export interface TrackHeaderBox {
  version: number;
  flags: number;
  track_ID: number;
  duration: number;
  /** 8.8 fixed point in the file; here as a number: 1 for an audio track, 0 otherwise (§8.3.2.3). */
  volume: number;
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
  // reserved[2], layer, alternate_group: 8 + 2 + 2 bytes.
  r.skip(12, "reserved..alternate_group");
  const volume = r.u16("volume") / 256;
  // reserved, matrix: 2 + 36 bytes.
  r.skip(38, "reserved..matrix");
  const width = r.u32("width") / 65536;
  const height = r.u32("height") / 65536;
  return { version, flags, track_ID, duration, volume, width, height };
}

/** Writes creation/modification times as 0, layer and alternate_group 0, and the unity matrix. */
export function writeTkhd(w: ByteWriter, box: TrackHeaderBox): void {
  const long = box.version === 1;
  w.fullBox("tkhd", long ? 1 : 0, box.flags, (b) => {
    if (long) b.u64(0).u64(0).u32(box.track_ID).u32(0).u64(box.duration);
    else b.u32(0).u32(0).u32(box.track_ID).u32(0).u32(box.duration);
    b.u32(0).u32(0).u16(0).u16(0).u16(Math.round(box.volume * 256)).u16(0);
    writeUnityMatrix(b);
    b.u32(Math.round(box.width * 65536)).u32(Math.round(box.height * 65536));
  });
}
