/** ProtectionSystemSpecificHeaderBox `pssh` (ISO/IEC 23001-7 §8.1): what one DRM system needs to fetch a license. */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { invalidBox } from "./box-error.ts";
import { readFullBoxHeader } from "./full-box.ts";

export interface ProtectionSystemSpecificHeaderBox {
  /** 1 lists the KIDs the box applies to (§8.1.2). */
  version: number;
  /** 16-byte DRM system id. */
  SystemID: Uint8Array;
  /** 16-byte key ids (version 1 only). */
  KID: Uint8Array[];
  Data: Uint8Array;
}

/** W3C "Common SystemID and PSSH Box Format" (ClearKey): 1077efec-c0b2-4d02-ace3-3c1e52e2fb4b. */
export const CLEARKEY_SYSTEM_ID = Uint8Array.from([0x10, 0x77, 0xef, 0xec, 0xc0, 0xb2, 0x4d, 0x02, 0xac, 0xe3, 0x3c, 0x1e, 0x52, 0xe2, 0xfb, 0x4b]);

const ID_SIZE = 16;

export function parsePssh(payload: Uint8Array): ProtectionSystemSpecificHeaderBox {
  const r = new ByteReader(payload);
  const { version } = readFullBoxHeader(r);
  const SystemID = r.take(ID_SIZE, "SystemID");
  const KID: Uint8Array[] = [];
  if (version > 0) {
    const KID_count = r.u32("KID_count");
    if (KID_count * ID_SIZE > r.remaining) throw invalidBox(`pssh KID_count ${KID_count} overruns the box`, { KID_count });
    for (let i = 0; i < KID_count; i++) KID.push(r.take(ID_SIZE, "KID"));
  }
  const Data = r.take(r.u32("DataSize"), "Data");
  return { version, SystemID, KID, Data };
}

export function writePssh(w: ByteWriter, box: ProtectionSystemSpecificHeaderBox): void {
  if (box.SystemID.byteLength !== ID_SIZE || box.KID.some((k) => k.byteLength !== ID_SIZE)) throw new TypeError("pssh SystemID and KIDs are 16 bytes");
  if (box.version === 0 && box.KID.length > 0) throw new TypeError("a version 0 pssh lists no KIDs");
  w.fullBox("pssh", box.version, 0, (b) => {
    b.bytes(box.SystemID);
    if (box.version > 0) {
      b.u32(box.KID.length);
      for (const kid of box.KID) b.bytes(kid);
    }
    b.u32(box.Data.byteLength).bytes(box.Data);
  });
}
