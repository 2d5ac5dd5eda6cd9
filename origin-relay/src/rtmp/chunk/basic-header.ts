/** Chunk basic header (rtmp_specification_1.0 §5.3.1.1): fmt and chunk stream id in 1, 2 or 3 bytes. */
import type { ByteWriter } from "#core/bytes/byte-writer.ts";

export interface BasicHeader {
  fmt: 0 | 1 | 2 | 3;
  chunkStreamId: number;
  /** Bytes the basic header took. */
  length: number;
}

/** Reads a basic header at `offset`, or returns undefined when more bytes are needed. */
export function readBasicHeader(bytes: Uint8Array, offset: number): BasicHeader | undefined {
  if (offset >= bytes.length) return undefined;
  const first = bytes[offset] as number;
  const fmt = (first >> 6) as BasicHeader["fmt"];
  const low = first & 0x3f;
  if (low === 0) {
    if (offset + 2 > bytes.length) return undefined;
    return { fmt, chunkStreamId: (bytes[offset + 1] as number) + 64, length: 2 };
  }
  if (low === 1) {
    if (offset + 3 > bytes.length) return undefined;
    return { fmt, chunkStreamId: (bytes[offset + 2] as number) * 256 + (bytes[offset + 1] as number) + 64, length: 3 };
  }
  return { fmt, chunkStreamId: low, length: 1 };
}

/** Writes the shortest basic header for `chunkStreamId` (2..65599). */
export function writeBasicHeader(writer: ByteWriter, fmt: number, chunkStreamId: number): void {
  if (!Number.isInteger(chunkStreamId) || chunkStreamId < 2 || chunkStreamId > 65599) throw new TypeError(`chunk stream id out of range: ${chunkStreamId}`);
  if (chunkStreamId < 64) writer.u8((fmt << 6) | chunkStreamId);
  else if (chunkStreamId < 320) writer.u8(fmt << 6).u8(chunkStreamId - 64);
  else writer.u8((fmt << 6) | 1).u8((chunkStreamId - 64) & 0xff).u8((chunkStreamId - 64) >> 8);
}
