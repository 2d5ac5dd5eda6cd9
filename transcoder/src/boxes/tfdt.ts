/** TrackFragmentBaseMediaDecodeTimeBox `tfdt` (ISO/IEC 14496-12 §8.8.12). */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readFullBoxHeader } from "./full-box.ts";

export interface TrackFragmentDecodeTimeBox {
  version: number;
  /** In the track's mdhd timescale. */
  base_media_decode_time: number;
}

export function parseTfdt(payload: Uint8Array): TrackFragmentDecodeTimeBox {
  const r = new ByteReader(payload);
  const { version } = readFullBoxHeader(r);
  return { version, base_media_decode_time: version === 1 ? r.u64("base_media_decode_time") : r.u32("base_media_decode_time") };
}

/** Version 0 holds 32 bits; a larger time is written as version 1 so a rebased timeline never wraps. */
export function writeTfdt(w: ByteWriter, box: TrackFragmentDecodeTimeBox): void {
  const version = box.version === 1 || box.base_media_decode_time > 0xffffffff ? 1 : 0;
  w.fullBox("tfdt", version, 0, (b) => (version === 1 ? b.u64(box.base_media_decode_time) : b.u32(box.base_media_decode_time)));
}
