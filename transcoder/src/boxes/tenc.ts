/** TrackEncryptionBox `tenc` (ISO/IEC 23001-7 §8.2): a track's default protection parameters. */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { invalidBox } from "./box-error.ts";
import { readFullBoxHeader } from "./full-box.ts";

export interface TrackEncryptionBox {
  /** 0 for `cenc`; 1 carries the pattern (`cbcs`, §8.2.2). */
  version: number;
  /** 16-byte blocks encrypted, then skipped, in each pattern run (version 1 only; 0 otherwise). */
  default_crypt_byte_block: number;
  default_skip_byte_block: number;
  /** 1 when samples are protected by default. */
  default_isProtected: number;
  /** 0, 8 or 16; 0 means the `default_constant_IV` applies to every sample. */
  default_Per_Sample_IV_Size: number;
  /** 16 bytes. */
  default_KID: Uint8Array;
  /** 8 or 16 bytes, present only when protected with a per-sample IV size of 0. */
  default_constant_IV?: Uint8Array | undefined;
}

const KID_SIZE = 16;

export function parseTenc(payload: Uint8Array): TrackEncryptionBox {
  const r = new ByteReader(payload);
  const { version } = readFullBoxHeader(r);
  r.skip(1, "reserved");
  const pattern = r.u8("default_crypt_byte_block/default_skip_byte_block");
  const default_isProtected = r.u8("default_isProtected");
  const default_Per_Sample_IV_Size = r.u8("default_Per_Sample_IV_Size");
  if (![0, 8, 16].includes(default_Per_Sample_IV_Size)) throw invalidBox(`tenc default_Per_Sample_IV_Size ${default_Per_Sample_IV_Size} is not 0, 8 or 16`);
  const default_KID = r.take(KID_SIZE, "default_KID");
  let default_constant_IV: Uint8Array | undefined;
  if (default_isProtected === 1 && default_Per_Sample_IV_Size === 0) {
    const size = r.u8("default_constant_IV_size");
    if (size !== 8 && size !== 16) throw invalidBox(`tenc default_constant_IV_size ${size} is not 8 or 16`);
    default_constant_IV = r.take(size, "default_constant_IV");
  }
  return {
    version,
    default_crypt_byte_block: version === 0 ? 0 : pattern >> 4,
    default_skip_byte_block: version === 0 ? 0 : pattern & 0x0f,
    default_isProtected,
    default_Per_Sample_IV_Size,
    default_KID,
    default_constant_IV,
  };
}

export function writeTenc(w: ByteWriter, box: TrackEncryptionBox): void {
  if (box.default_KID.byteLength !== KID_SIZE) throw new TypeError("tenc default_KID must be 16 bytes");
  const constant = box.default_isProtected === 1 && box.default_Per_Sample_IV_Size === 0;
  if (constant !== (box.default_constant_IV !== undefined)) throw new TypeError("tenc default_constant_IV goes with, and only with, a per-sample IV size of 0");
  w.fullBox("tenc", box.version, 0, (b) => {
    b.u8(0); // reserved
    b.u8(box.version === 0 ? 0 : ((box.default_crypt_byte_block & 0x0f) << 4) | (box.default_skip_byte_block & 0x0f));
    b.u8(box.default_isProtected).u8(box.default_Per_Sample_IV_Size).bytes(box.default_KID);
    if (box.default_constant_IV !== undefined) b.u8(box.default_constant_IV.byteLength).bytes(box.default_constant_IV);
  });
}
