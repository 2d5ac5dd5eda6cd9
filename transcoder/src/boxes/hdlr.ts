/** HandlerReferenceBox `hdlr` (ISO/IEC 14496-12 §8.4.3): says whether a track is video or audio. */
import { ByteReader } from "#core/bytes/byte-reader.ts";
import type { ByteWriter } from "#core/bytes/byte-writer.ts";
import { readFullBoxHeader } from "./full-box.ts";

export interface HandlerBox {
  /** `vide`, `soun`, `text`, ... */
  handler_type: string;
  name: string;
}

export function parseHdlr(payload: Uint8Array): HandlerBox {
  const r = new ByteReader(payload);
  readFullBoxHeader(r);
  r.skip(4, "pre_defined");
  const handler_type = r.fourcc("handler_type");
  r.skip(12, "reserved");
  const raw = r.rest();
  const nul = raw.indexOf(0);
  const name = new TextDecoder().decode(nul === -1 ? raw : raw.subarray(0, nul));
  return { handler_type, name };
}

/** Writes `name` as a NUL-terminated UTF-8 string (§8.4.3.3). */
export function writeHdlr(w: ByteWriter, box: HandlerBox): void {
  w.fullBox("hdlr", 0, 0, (b) => {
    b.u32(0).fourcc(box.handler_type).u32(0).u32(0).u32(0);
    b.bytes(new TextEncoder().encode(box.name)).u8(0);
  });
}
