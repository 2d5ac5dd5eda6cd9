/**
 * Chunk stream encoder for what we send (rtmp_specification_1.0 §5.3). It compresses headers the way
 * the decoder reads them: type 0 for a new stream or a backwards timestamp, 1 when length or type
 * changes, 2 when only the delta changes, 3 when nothing does; continuation chunks are type 3.
 */
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import type { RtmpMessage } from "../message/type-ids.ts";
import { writeBasicHeader } from "./basic-header.ts";

const EXTENDED = 0xffffff;

interface SentState {
  timestamp: number;
  timestampDelta: number;
  messageLength: number;
  typeId: number;
  messageStreamId: number;
}

export class ChunkEncoder {
  /** Our outgoing chunk size; change it only right after sending Set Chunk Size. */
  chunkSize = 128;
  readonly #sent = new Map<number, SentState>();

  /** Encodes one message into chunks. */
  encode(message: RtmpMessage): Uint8Array {
    const { chunkStreamId, typeId, messageStreamId, payload } = message;
    const timestamp = message.timestamp >>> 0;
    const previous = this.#sent.get(chunkStreamId);
    const delta = previous ? timestamp - previous.timestamp : -1;
    let fmt: 0 | 1 | 2 | 3;
    if (!previous || previous.messageStreamId !== messageStreamId || delta < 0) fmt = 0;
    else if (previous.messageLength !== payload.length || previous.typeId !== typeId) fmt = 1;
    else if (previous.timestampDelta !== delta) fmt = 2;
    else fmt = 3;

    const field = fmt === 0 ? timestamp : delta;
    const extended = field >= EXTENDED;
    const writer = new ByteWriter(payload.length + 18 + Math.ceil(payload.length / this.chunkSize) * 8);
    writeBasicHeader(writer, fmt, chunkStreamId);
    if (fmt < 3) writer.u24(extended ? EXTENDED : field);
    if (fmt < 2) writer.u24(payload.length).u8(typeId);
    if (fmt === 0) writer.u32le(messageStreamId);
    // A type-3 header repeats the extended timestamp of the header it stands for (§5.3.1.3).
    const repeatExtended = fmt < 3 ? extended : (previous?.timestampDelta ?? 0) >= EXTENDED;
    const extendedValue = fmt < 3 ? field : (previous?.timestampDelta ?? 0);
    if (repeatExtended) writer.u32(extendedValue);

    for (let at = 0; at < payload.length || at === 0; at += this.chunkSize) {
      if (at > 0) {
        writeBasicHeader(writer, 3, chunkStreamId);
        if (repeatExtended) writer.u32(extendedValue);
      }
      writer.bytes(payload.subarray(at, at + this.chunkSize));
      if (payload.length === 0) break;
    }
    this.#sent.set(chunkStreamId, { timestamp, timestampDelta: fmt === 3 ? (previous?.timestampDelta ?? 0) : field, messageLength: payload.length, typeId, messageStreamId });
    return writer.finish();
  }
}
