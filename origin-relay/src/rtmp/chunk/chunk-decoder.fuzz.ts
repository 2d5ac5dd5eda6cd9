/**
 * Fuzz target: the chunk stream decoder, fed in random TCP-sized pieces. Inputs are random bytes,
 * sequences of well-formed chunk headers with random fields (any fmt, chunk stream id, declared
 * message length up to the 24-bit maximum, extended timestamps), and mutations of encoded sessions.
 * Every message that comes out is decoded as the connection would decode it. Invariant: what the
 * decoder holds stays under its caps, whatever lengths the peer declares.
 */
import * as fc from "fast-check";
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { fuzzTarget, invariant } from "#core/testing/fuzz/fuzz-target.ts";
import { mutatedBytes, randomBytes, splits } from "#core/testing/fuzz/mutations.ts";
import { defaultRtmpLimits } from "../limits.ts";
import { encodeAbort } from "../message/abort.ts";
import { decodeCommand, encodeCommand } from "../message/command.ts";
import { decodeData, encodeData } from "../message/data.ts";
import { decodeSetChunkSize, encodeSetChunkSize } from "../message/set-chunk-size.ts";
import { decodeSetPeerBandwidth } from "../message/set-peer-bandwidth.ts";
import { MessageType, type RtmpMessage } from "../message/type-ids.ts";
import { decodeUserControl } from "../message/user-control.ts";
import { decodeWindowAcknowledgementSize } from "../message/window-acknowledgement-size.ts";
import { Amf0EcmaArray } from "../amf0/value.ts";
import { writeBasicHeader } from "./basic-header.ts";
import { ChunkDecoder } from "./chunk-decoder.ts";
import { ChunkEncoder } from "./chunk-encoder.ts";

const limits = defaultRtmpLimits;

/** What the connection does with each message type (session/connection.ts, session/publisher.ts). */
function decodeMessage(message: RtmpMessage): void {
  switch (message.typeId) {
    case MessageType.setChunkSize:
      decodeSetChunkSize(message.payload, limits.maxChunkSize);
      return;
    case MessageType.userControl:
      decodeUserControl(message.payload);
      return;
    case MessageType.windowAcknowledgementSize:
      decodeWindowAcknowledgementSize(message.payload);
      return;
    case MessageType.setPeerBandwidth:
      decodeSetPeerBandwidth(message.payload);
      return;
    case MessageType.commandAmf0:
    case MessageType.commandAmf3:
      decodeCommand(message.payload, message.typeId);
      return;
    case MessageType.dataAmf0:
    case MessageType.dataAmf3:
      decodeData(message.payload, message.typeId);
      return;
  }
}

const message = (chunkStreamId: number, timestamp: number, typeId: number, messageStreamId: number, payload: Uint8Array): RtmpMessage => ({ chunkStreamId, timestamp, typeId, messageStreamId, payload });
const fill = (length: number, value: number) => new Uint8Array(length).fill(value);

/** An encoder-built publish session: connect, Set Chunk Size, metadata, audio and video over several chunks. */
function sessionSeed(chunkSize: number, timestampBase: number): Uint8Array {
  const encoder = new ChunkEncoder();
  const parts = [
    encoder.encode(message(3, 0, MessageType.commandAmf0, 0, encodeCommand({ name: "connect", transactionId: 1, commandObject: { app: "live", tcUrl: "rtmp://localhost/live" }, args: [] }))),
    encoder.encode(message(2, 0, MessageType.setChunkSize, 0, encodeSetChunkSize({ chunkSize }))),
  ];
  encoder.chunkSize = chunkSize;
  parts.push(
    encoder.encode(message(3, 0, MessageType.commandAmf0, 0, encodeCommand({ name: "publish", transactionId: 5, commandObject: null, args: ["key", "live"] }))),
    encoder.encode(message(4, timestampBase, MessageType.dataAmf0, 1, encodeData({ handler: "@setDataFrame", values: ["onMetaData", new Amf0EcmaArray({ width: 1280, height: 720 })] }))),
    encoder.encode(message(6, timestampBase, MessageType.video, 1, fill(700, 0x17))),
    encoder.encode(message(4, timestampBase + 23, MessageType.audio, 1, fill(90, 0xaf))),
    encoder.encode(message(6, timestampBase + 33, MessageType.video, 1, fill(300, 0x27))),
    encoder.encode(message(2, 0, MessageType.abort, 0, encodeAbort({ chunkStreamId: 6 }))),
  );
  const out = new ByteWriter();
  for (const part of parts) out.bytes(part);
  return out.finish();
}

interface ChunkFields {
  fmt: number;
  chunkStreamId: number;
  timestamp: number;
  messageLength: number;
  typeId: number;
  messageStreamId: number;
  extendedTimestamp: number;
  body: Uint8Array;
}

/** §5.3.1: a basic header, the fmt's message header with random fields, and a body of any length. */
const chunkFields: fc.Arbitrary<ChunkFields> = fc.record({
  fmt: fc.nat({ max: 3 }),
  chunkStreamId: fc.oneof(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 2, max: 65599 })),
  timestamp: fc.oneof(fc.constant(0xffffff), fc.nat({ max: 0xffffff })),
  messageLength: fc.oneof(fc.nat({ max: 400 }), fc.constantFrom(0xffffff, limits.maxMessageLength, limits.maxMessageLength + 1), fc.nat({ max: 0xffffff })),
  typeId: fc.constantFrom(1, 2, 3, 4, 5, 6, 8, 9, 15, 17, 18, 20, 0, 255),
  messageStreamId: fc.constantFrom(0, 1, 0xffffffff),
  extendedTimestamp: fc.oneof(fc.nat(), fc.constant(0)),
  body: fc.uint8Array({ maxLength: 300 }),
});

function writeChunk(w: ByteWriter, c: ChunkFields): void {
  writeBasicHeader(w, c.fmt, c.chunkStreamId);
  if (c.fmt < 3) w.u24(c.timestamp);
  if (c.fmt < 2) w.u24(c.messageLength).u8(c.typeId);
  if (c.fmt === 0) w.u32le(c.messageStreamId);
  if (c.timestamp === 0xffffff) w.u32(c.extendedTimestamp);
  w.bytes(c.body);
}

const chunkSequence = fc.array(chunkFields, { minLength: 1, maxLength: 24 }).map((chunks) => {
  const w = new ByteWriter();
  for (const c of chunks) writeChunk(w, c);
  return w.finish();
});

export const chunkDecoderFuzz = fuzzTarget<Uint8Array[]>({
  name: "rtmp-chunk",
  parser: "origin-relay/src/rtmp/chunk/chunk-decoder.ts",
  seeds: () => [sessionSeed(4096, 0), sessionSeed(128, 0xfffff0), sessionSeed(60, 0x1000000)],
  arbitraries: (seeds) => ({
    bytes: splits(randomBytes()),
    structured: splits(chunkSequence),
    mutated: splits(mutatedBytes(seeds)),
  }),
  run(pieces) {
    const decoder = new ChunkDecoder(limits);
    let pushed = 0;
    for (const piece of pieces) {
      pushed += piece.byteLength;
      for (const m of decoder.push(piece)) decodeMessage(m);
      invariant(decoder.bufferedBytes <= pushed, () => `decoder holds ${decoder.bufferedBytes} bytes after ${pushed} pushed`);
      invariant(decoder.reservedBytes <= limits.maxReassemblyBytes, () => `decoder reserved ${decoder.reservedBytes} bytes for reassembly, cap ${limits.maxReassemblyBytes}`);
    }
  },
});
