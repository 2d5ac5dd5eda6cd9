/** SchemeTypeBox `schm` (ISO/IEC 14496-12 §8.12.5): the protection scheme, `cenc` or `cbcs` (ISO/IEC 23001-7 §4.2). */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readFullBoxHeader } from "./full-box.ts";

export interface SchemeTypeBox {
  scheme_type: string;
  /** 0x00010000 (1.0) for the common encryption schemes (ISO/IEC 23001-7 §4.2). */
  scheme_version: number;
}

export function parseSchm(payload: Uint8Array): SchemeTypeBox {
  const r = new ByteReader(payload);
  readFullBoxHeader(r);
  // A scheme_uri (flags & 1) may follow; the common schemes never use it.
  return { scheme_type: r.fourcc("scheme_type"), scheme_version: r.u32("scheme_version") };
}

export function writeSchm(w: ByteWriter, box: SchemeTypeBox): void {
  w.fullBox("schm", 0, 0, (b) => b.fourcc(box.scheme_type).u32(box.scheme_version));
}
