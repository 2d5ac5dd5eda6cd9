/** Set Chunk Size (rtmp_specification_1.0 §5.4.1): message type 1, a 31-bit chunk size. */
import { TributaryError } from "#core/errors.ts";
import { protocolReader } from "../byte-reader.ts";
import { ByteWriter } from "#core/bytes/byte-writer.ts";

export interface SetChunkSize {
  chunkSize: number;
}

/**
 * Decodes and validates against `maxChunkSize`: §5.4.1 allows 1..0x7FFFFFFF with the top bit zero;
 * 0 and the top bit are refused as protocol errors, anything above our cap as a size-limit error.
 */
export function decodeSetChunkSize(payload: Uint8Array, maxChunkSize: number): SetChunkSize {
  const chunkSize = protocolReader(payload).u32();
  if (chunkSize === 0 || chunkSize > 0x7fffffff) {
    throw new TributaryError("ingest.protocol", `invalid chunk size ${chunkSize}`, { fatal: true });
  }
  if (chunkSize > maxChunkSize) {
    throw new TributaryError("ingest.size_limit", `chunk size ${chunkSize} above the ${maxChunkSize} cap`, { fatal: true, details: { chunkSize, maxChunkSize } });
  }
  return { chunkSize };
}

export function encodeSetChunkSize(message: SetChunkSize): Uint8Array {
  return new ByteWriter(4).u32(message.chunkSize & 0x7fffffff).finish();
}
