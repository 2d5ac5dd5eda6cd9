/** Abort Message (rtmp_specification_1.0 §5.4.2): type 2, discard the partial message on a chunk stream. */
import { protocolReader } from "../byte-reader.ts";
import { ByteWriter } from "#core/bytes/byte-writer.ts";

export interface Abort {
  chunkStreamId: number;
}

export function decodeAbort(payload: Uint8Array): Abort {
  return { chunkStreamId: protocolReader(payload).u32() };
}

export function encodeAbort(message: Abort): Uint8Array {
  return new ByteWriter(4).u32(message.chunkStreamId).finish();
}
