/**
 * FLV file writer (video_file_format_spec_v10_1 §E.2-§E.3): a header, then tags each followed by
 * PreviousTagSize, so the relay can hand exactly what it received to `ffmpeg -f flv -i pipe:0`.
 */
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import type { FlvTag } from "./tag.ts";

const TAG_HEADER_SIZE = 11;

/** §E.2 FLV header + PreviousTagSize0. */
export function encodeFlvHeader(has: { audio: boolean; video: boolean }): Uint8Array {
  return new ByteWriter(13)
    .bytes(Uint8Array.of(0x46, 0x4c, 0x56)) // Signature "FLV"
    .u8(1) // Version
    .u8((has.audio ? 0x04 : 0) | (has.video ? 0x01 : 0)) // TypeFlagsAudio (bit 2), TypeFlagsVideo (bit 0)
    .u32(9) // DataOffset: header size
    .u32(0) // PreviousTagSize0
    .finish();
}

/**
 * §E.4.1 tag header + body + PreviousTagSize, in one buffer written field by field: this runs for
 * every tag a publisher sends, so it skips the zero-fill (every byte is written) and small tags come
 * from Node's shared pool instead of an ArrayBuffer each.
 */
export function encodeFlvTag(tag: FlvTag): Uint8Array {
  const dataSize = tag.payload.length;
  if (dataSize > 0xffffff) throw new TypeError("FLV tag body longer than 2^24-1 bytes");
  const timestamp = tag.timestamp >>> 0;
  const pooled = Buffer.allocUnsafe(TAG_HEADER_SIZE + dataSize + 4);
  const out = new Uint8Array(pooled.buffer, pooled.byteOffset, pooled.byteLength);
  out[0] = tag.type; // Reserved(2) Filter(1) TagType(5)
  out[1] = dataSize >>> 16; // DataSize (24 bits)
  out[2] = dataSize >>> 8;
  out[3] = dataSize;
  out[4] = timestamp >>> 16; // Timestamp (lower 24 bits)
  out[5] = timestamp >>> 8;
  out[6] = timestamp;
  out[7] = timestamp >>> 24; // TimestampExtended (upper 8 bits)
  out[8] = 0; // StreamID: always 0
  out[9] = 0;
  out[10] = 0;
  out.set(tag.payload, TAG_HEADER_SIZE);
  const previousTagSize = TAG_HEADER_SIZE + dataSize;
  const end = TAG_HEADER_SIZE + dataSize;
  out[end] = previousTagSize >>> 24; // PreviousTagSize
  out[end + 1] = previousTagSize >>> 16;
  out[end + 2] = previousTagSize >>> 8;
  out[end + 3] = previousTagSize;
  return out;
}
