/** MediaHeaderBox `mdhd` (ISO/IEC 14496-12 §8.4.2): the track's timescale. */
import { ByteReader } from "./byte-reader.ts";
import { invalidBox } from "./box-error.ts";
import { readFullBoxHeader } from "./full-box.ts";

export interface MediaHeaderBox {
  version: number;
  timescale: number;
  duration: number;
  /** ISO-639-2/T code unpacked from three 5-bit letters. */
  language: string;
}

export function parseMdhd(payload: Uint8Array): MediaHeaderBox {
  const r = new ByteReader(payload);
  const { version } = readFullBoxHeader(r);
  const long = version === 1;
  r.skip(long ? 16 : 8, "creation_time/modification_time");
  const timescale = r.u32("timescale");
  if (timescale === 0) throw invalidBox("mdhd timescale is 0");
  const duration = long ? r.u64("duration") : r.u32("duration");
  const packed = r.u16("language");
  const language = String.fromCharCode(((packed >> 10) & 0x1f) + 0x60, ((packed >> 5) & 0x1f) + 0x60, (packed & 0x1f) + 0x60);
  return { version, timescale, duration, language };
}
