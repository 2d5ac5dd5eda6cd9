/**
 * FLV file writer (video_file_format_spec_v10_1 §E.2-§E.3): a header, then tags each followed by
 * PreviousTagSize, so the relay can hand exactly what it received to `ffmpeg -f flv -i pipe:0`.
 */
import { ByteWriter } from "#relay/rtmp/byte-writer.ts";
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

/** §E.4.1 tag header + body + PreviousTagSize. */
export function encodeFlvTag(tag: FlvTag): Uint8Array {
  if (tag.payload.length > 0xffffff) throw new TypeError("FLV tag body longer than 2^24-1 bytes");
  const timestamp = tag.timestamp >>> 0;
  return new ByteWriter(TAG_HEADER_SIZE + tag.payload.length + 4)
    .u8(tag.type) // Reserved(2) Filter(1) TagType(5)
    .u24(tag.payload.length) // DataSize
    .u24(timestamp & 0xffffff) // Timestamp (lower 24 bits)
    .u8(timestamp >>> 24) // TimestampExtended (upper 8 bits)
    .u24(0) // StreamID: always 0
    .bytes(tag.payload)
    .u32(TAG_HEADER_SIZE + tag.payload.length) // PreviousTagSize
    .finish();
}
