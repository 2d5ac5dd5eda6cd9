/** FullBox version and flags (ISO/IEC 14496-12 §4.2). */
import type { ByteReader } from "#core/bytes/byte-reader.ts";

export interface FullBoxHeader {
  version: number;
  flags: number;
}

export function readFullBoxHeader(r: ByteReader): FullBoxHeader {
  const version = r.u8("version");
  const flags = r.u24("flags");
  return { version, flags };
}
