/**
 * Push-style chunk stream decoder (rtmp_specification_1.0 §5.3): `push(bytes)` returns the complete
 * messages and keeps the remainder; an empty array means "need more bytes". Every declared size is
 * checked against `RtmpLimits` before anything is buffered.
 */
import { concat } from "#core/bytes/concat.ts";
import { TributaryError } from "#core/errors.ts";
import { defaultRtmpLimits, type RtmpLimits } from "../limits.ts";
import { decodeAbort } from "../message/abort.ts";
import { decodeSetChunkSize } from "../message/set-chunk-size.ts";
import { MessageType, type RtmpMessage } from "../message/type-ids.ts";
import { readBasicHeader } from "./basic-header.ts";
import { newChunkStreamState, type ChunkStreamState } from "./chunk-stream-state.ts";

/** §5.3.1.2: message header length by fmt. */
const MESSAGE_HEADER_LENGTH = [11, 7, 3, 0] as const;
const EXTENDED = 0xffffff;
const EMPTY = new Uint8Array(0);

function u24(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) << 16) | ((bytes[at + 1] as number) << 8) | (bytes[at + 2] as number);
}

function u32(bytes: Uint8Array, at: number): number {
  return (((bytes[at] as number) << 24) | ((bytes[at + 1] as number) << 16) | ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number)) >>> 0;
}

function u32le(bytes: Uint8Array, at: number): number {
  // §5.3.1.2.1: the message stream id is the one little-endian field in RTMP.
  return ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16) | ((bytes[at + 3] as number) << 24)) >>> 0;
}

/** First reassembly buffer; it doubles as chunks arrive, so memory follows the bytes received, not the declared length. */
const INITIAL_BODY = 64 * 1024;

/** `body` with room for `needed` bytes (at most `messageLength`), copied into a larger buffer when it has none. */
function grown(body: Uint8Array | undefined, needed: number, messageLength: number): Uint8Array {
  if (body !== undefined && body.byteLength >= needed) return body;
  const next = new Uint8Array(Math.min(messageLength, Math.max(needed, INITIAL_BODY, (body?.byteLength ?? 0) * 2)));
  if (body !== undefined) next.set(body);
  return next;
}

/** The longest chunk header: 3-byte basic header, 11-byte type 0 message header, extended timestamp. */
const MAX_CHUNK_HEADER = 3 + 11 + 4;

export class ChunkDecoder {
  /** §5.4.1: 128 until the peer sends Set Chunk Size. */
  chunkSize = 128;
  readonly #limits: RtmpLimits;
  readonly #streams = new Map<number, ChunkStreamState>();
  #remainder: Uint8Array = EMPTY;
  /** Bytes of the reassembly buffers allocated for messages not yet complete. */
  #reserved = 0;

  constructor(limits: RtmpLimits = defaultRtmpLimits) {
    this.#limits = limits;
  }

  /** Declared bytes of the messages still being reassembled (at most `maxReassemblyBytes`). */
  get reservedBytes(): number {
    return this.#reserved;
  }

  /** Bytes held waiting for the rest of a chunk. */
  get bufferedBytes(): number {
    let total = this.#remainder.length;
    for (const state of this.#streams.values()) total += state.received;
    return total;
  }

  /**
   * Feeds bytes from the transport; returns every message completed by them. A message carried by a
   * single chunk is a view of the bytes pushed (the transport must not reuse them); one spread over
   * several chunks is assembled in its own buffer.
   */
  push(bytes: Uint8Array): RtmpMessage[] {
    const messages: RtmpMessage[] = [];
    let offset = 0;
    if (this.#remainder.length > 0) {
      // Join the held partial chunk with only as many new bytes as one whole chunk can take.
      const held = this.#remainder.length;
      const head = concat([this.#remainder, bytes.subarray(0, MAX_CHUNK_HEADER + this.chunkSize)]);
      const next = this.#readChunk(head, 0, messages);
      if (next === undefined) {
        // Only possible when `head` took all of `bytes`: a chunk is never longer than that.
        this.#remainder = head;
        return messages;
      }
      this.#remainder = EMPTY;
      offset = next - held;
    }
    for (;;) {
      const next = this.#readChunk(bytes, offset, messages);
      if (next === undefined) break;
      offset = next;
    }
    // Copy the remainder so the caller's buffer is not pinned (it is at most one chunk).
    this.#remainder = offset === bytes.length ? EMPTY : bytes.slice(offset);
    return messages;
  }

  #stateFor(fmt: number, chunkStreamId: number): ChunkStreamState {
    const existing = this.#streams.get(chunkStreamId);
    if (existing) return existing;
    if (fmt !== 0) throw new TributaryError("ingest.protocol", `chunk type ${fmt} on new chunk stream ${chunkStreamId}`, { fatal: true });
    if (this.#streams.size >= this.#limits.maxChunkStreams) {
      throw new TributaryError("ingest.size_limit", `more than ${this.#limits.maxChunkStreams} chunk streams`, { fatal: true });
    }
    const state = newChunkStreamState();
    this.#streams.set(chunkStreamId, state);
    return state;
  }

  /** Reads one chunk at `offset`; returns the next offset, or undefined when more bytes are needed. */
  #readChunk(bytes: Uint8Array, offset: number, out: RtmpMessage[]): number | undefined {
    const basic = readBasicHeader(bytes, offset);
    if (!basic) return undefined;
    const { fmt, chunkStreamId } = basic;
    let at = offset + basic.length;
    const headerLength = MESSAGE_HEADER_LENGTH[fmt];
    if (at + headerLength > bytes.length) return undefined;
    const state = this.#stateFor(fmt, chunkStreamId);
    const continuing = state.received > 0;
    if (continuing && fmt !== 3) {
      throw new TributaryError("ingest.protocol", `chunk type ${fmt} interrupts a message on chunk stream ${chunkStreamId}`, { fatal: true });
    }
    const timestampField = fmt < 3 ? u24(bytes, at) : 0;
    const messageLength = fmt < 2 ? u24(bytes, at + 3) : state.messageLength;
    const typeId = fmt < 2 ? (bytes[at + 6] as number) : state.typeId;
    const messageStreamId = fmt === 0 ? u32le(bytes, at + 7) : state.messageStreamId;
    at += headerLength;

    const extended = fmt < 3 ? timestampField === EXTENDED : state.extended;
    let extendedValue = state.extendedValue;
    if (extended) {
      if (at + 4 > bytes.length) return undefined;
      const value = u32(bytes, at);
      // §5.3.1.3 on type-3 continuation chunks: most encoders repeat the extended timestamp, some
      // (older librtmp builds) do not; repeated means equal to the last value, otherwise it is payload.
      if (!continuing || value === state.extendedValue) {
        extendedValue = value;
        at += 4;
      }
    }
    if (messageLength > this.#limits.maxMessageLength) {
      throw new TributaryError("ingest.size_limit", `message of ${messageLength} bytes above the ${this.#limits.maxMessageLength} cap`, { fatal: true, details: { messageLength } });
    }
    const bodyLength = Math.min(this.chunkSize, messageLength - (continuing ? state.received : 0));
    if (at + bodyLength > bytes.length) return undefined;

    // The whole chunk is here: commit the header to the chunk stream state.
    if (!continuing) {
      const field = extended ? extendedValue : timestampField;
      state.timestampDelta = fmt === 3 ? state.timestampDelta : field;
      state.timestamp = fmt === 0 ? field : (state.timestamp + state.timestampDelta) >>> 0;
      state.messageLength = messageLength;
      state.typeId = typeId;
      state.messageStreamId = messageStreamId;
      if (fmt < 3) state.extended = extended;
    }
    state.extendedValue = extendedValue;
    let payload: Uint8Array | undefined;
    if (!continuing && bodyLength === messageLength) {
      payload = bytes.subarray(at, at + bodyLength);
    } else {
      if (state.body === undefined) this.#reserve(state.messageLength);
      state.body = grown(state.body, state.received + bodyLength, state.messageLength);
      state.body.set(bytes.subarray(at, at + bodyLength), state.received);
      if (state.received + bodyLength === state.messageLength) payload = state.body;
    }
    state.received += bodyLength;
    at += bodyLength;

    if (payload !== undefined) {
      const message: RtmpMessage = { chunkStreamId, timestamp: state.timestamp, typeId: state.typeId, messageStreamId: state.messageStreamId, payload };
      this.#release(state);
      this.#applyControl(message);
      out.push(message);
    }
    return at;
  }

  /** Reserves a message's declared length, refusing one that would take the total over `maxReassemblyBytes`. */
  #reserve(length: number): void {
    if (this.#reserved + length > this.#limits.maxReassemblyBytes) {
      throw new TributaryError("ingest.size_limit", `partial messages of ${this.#reserved + length} bytes above the ${this.#limits.maxReassemblyBytes} cap`, {
        fatal: true,
        details: { reserved: this.#reserved, messageLength: length },
      });
    }
    this.#reserved += length;
  }

  /** Drops a chunk stream's partial message (complete or aborted) and its reservation. */
  #release(state: ChunkStreamState): void {
    if (state.body !== undefined) this.#reserved -= state.messageLength;
    state.body = undefined;
    state.received = 0;
  }

  /** §5.4.1 and §5.4.2 take effect for the very next chunk, so the decoder applies them itself. */
  #applyControl(message: RtmpMessage): void {
    if (message.chunkStreamId !== 2 && message.messageStreamId !== 0) return;
    if (message.typeId === MessageType.setChunkSize) {
      this.chunkSize = decodeSetChunkSize(message.payload, this.#limits.maxChunkSize).chunkSize;
    } else if (message.typeId === MessageType.abort) {
      const state = this.#streams.get(decodeAbort(message.payload).chunkStreamId);
      if (state) this.#release(state);
    }
  }
}
