/**
 * CencSampleEncryptionInformationGroupEntry `seig` (ISO/IEC 23001-7 §6): the protection of a group of
 * samples, overriding the track's `tenc` (a fragment under a rotated key names its KID here).
 * Its fields are the `tenc` ones without the FullBox header, so it shares their model.
 */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { invalidBox } from "./box-error.ts";
import type { TrackEncryptionBox } from "./tenc.ts";

export type SampleEncryptionGroupEntry = Omit<TrackEncryptionBox, "version">;

export function parseSeig(entry: Uint8Array): SampleEncryptionGroupEntry {
  const r = new ByteReader(entry);
  r.skip(1, "reserved");
  const pattern = r.u8("crypt_byte_block/skip_byte_block");
  const default_isProtected = r.u8("isProtected");
  const default_Per_Sample_IV_Size = r.u8("Per_Sample_IV_Size");
  if (![0, 8, 16].includes(default_Per_Sample_IV_Size)) throw invalidBox(`seig Per_Sample_IV_Size ${default_Per_Sample_IV_Size} is not 0, 8 or 16`);
  const default_KID = r.take(16, "KID");
  let default_constant_IV: Uint8Array | undefined;
  if (default_isProtected === 1 && default_Per_Sample_IV_Size === 0) {
    const size = r.u8("constant_IV_size");
    if (size !== 8 && size !== 16) throw invalidBox(`seig constant_IV_size ${size} is not 8 or 16`);
    default_constant_IV = r.take(size, "constant_IV");
  }
  return { default_crypt_byte_block: pattern >> 4, default_skip_byte_block: pattern & 0x0f, default_isProtected, default_Per_Sample_IV_Size, default_KID, default_constant_IV };
}

export function writeSeig(w: ByteWriter, entry: SampleEncryptionGroupEntry): void {
  if (entry.default_KID.byteLength !== 16) throw new TypeError("seig KID must be 16 bytes");
  w.u8(0).u8(((entry.default_crypt_byte_block & 0x0f) << 4) | (entry.default_skip_byte_block & 0x0f));
  w.u8(entry.default_isProtected).u8(entry.default_Per_Sample_IV_Size).bytes(entry.default_KID);
  if (entry.default_constant_IV !== undefined) w.u8(entry.default_constant_IV.byteLength).bytes(entry.default_constant_IV);
}
