/** MediaHeaderBox `mdhd` (ISO/IEC 14496-12 §8.4.2): the track's timescale. */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
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

/** Writes creation/modification times as 0; `language` packs as three 5-bit letters (§8.4.2.3). */
export function writeMdhd(w: ByteWriter, box: MediaHeaderBox): void {
  if (!/^[a-z]{3}$/.test(box.language)) throw new TypeError(`mdhd language must be three lowercase letters: ${box.language}`);
  const packed = [...box.language].reduce((n, c) => (n << 5) | (c.charCodeAt(0) - 0x60), 0);
  const long = box.version === 1;
  w.fullBox("mdhd", long ? 1 : 0, 0, (b) => {
    if (long) b.u64(0).u64(0).u32(box.timescale).u64(box.duration);
    else b.u32(0).u32(0).u32(box.timescale).u32(box.duration);
    b.u16(packed).u16(0); // language, pre_defined
  });
}
