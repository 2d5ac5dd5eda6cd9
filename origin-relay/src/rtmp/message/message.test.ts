import { describe, expect, it } from "vitest";
import { isTributaryError } from "#core/errors.ts";
import { Amf0EcmaArray } from "../amf0/value.ts";
import { hex } from "../testing/hex.ts";
import { mutate, prng } from "#core/testing/prng.ts";
import { decodeAbort, encodeAbort } from "./abort.ts";
import { decodeAcknowledgement, encodeAcknowledgement } from "./acknowledgement.ts";
import { decodeCommand, encodeCommand } from "./command.ts";
import { decodeData, encodeData } from "./data.ts";
import { decodeSetChunkSize, encodeSetChunkSize } from "./set-chunk-size.ts";
import { decodeSetPeerBandwidth, encodeSetPeerBandwidth } from "./set-peer-bandwidth.ts";
import { decodeUserControl, encodeUserControl } from "./user-control.ts";
import { decodeWindowAcknowledgementSize, encodeWindowAcknowledgementSize } from "./window-acknowledgement-size.ts";

interface Codec<T> {
  decode(payload: Uint8Array): T;
  encode(message: T): Uint8Array;
}
interface Case {
  name: string;
  codec: Codec<unknown>;
  decoded: unknown;
  bytes: Uint8Array;
}

const codecs = {
  setChunkSize: { decode: (p: Uint8Array) => decodeSetChunkSize(p, 65536), encode: encodeSetChunkSize },
  abort: { decode: decodeAbort, encode: encodeAbort },
  acknowledgement: { decode: decodeAcknowledgement, encode: encodeAcknowledgement },
  windowAcknowledgementSize: { decode: decodeWindowAcknowledgementSize, encode: encodeWindowAcknowledgementSize },
  setPeerBandwidth: { decode: decodeSetPeerBandwidth, encode: encodeSetPeerBandwidth },
  userControl: { decode: decodeUserControl, encode: encodeUserControl },
  command: { decode: (p: Uint8Array) => decodeCommand(p), encode: encodeCommand },
  data: { decode: (p: Uint8Array) => decodeData(p), encode: encodeData },
} as Record<string, Codec<unknown>>;

const c = (name: string) => codecs[name] as Codec<unknown>;

export const messageCases: Case[] = [
  { name: "Set Chunk Size 4096", codec: c("setChunkSize"), decoded: { chunkSize: 4096 }, bytes: hex("00001000") },
  { name: "Abort csid 4", codec: c("abort"), decoded: { chunkStreamId: 4 }, bytes: hex("00000004") },
  { name: "Acknowledgement", codec: c("acknowledgement"), decoded: { sequenceNumber: 2_500_000 }, bytes: hex("002625a0") },
  { name: "Window Acknowledgement Size", codec: c("windowAcknowledgementSize"), decoded: { acknowledgementWindowSize: 2_500_000 }, bytes: hex("002625a0") },
  { name: "Set Peer Bandwidth dynamic", codec: c("setPeerBandwidth"), decoded: { acknowledgementWindowSize: 2_500_000, limitType: 2 }, bytes: hex("002625a0 02 # window, limit type") },
  { name: "User Control StreamBegin 1", codec: c("userControl"), decoded: { eventType: 0, streamId: 1 }, bytes: hex("0000 00000001 # event type, stream id") },
  { name: "User Control SetBufferLength", codec: c("userControl"), decoded: { eventType: 3, streamId: 1, bufferLength: 3000 }, bytes: hex("0003 00000001 00000bb8") },
  { name: "User Control PingRequest", codec: c("userControl"), decoded: { eventType: 6, timestamp: 99 }, bytes: hex("0006 00000063") },
  { name: "User Control PingResponse", codec: c("userControl"), decoded: { eventType: 7, timestamp: 99 }, bytes: hex("0007 00000063") },
  {
    name: "createStream command",
    codec: c("command"),
    decoded: { name: "createStream", transactionId: 4, commandObject: null, args: [] },
    bytes: hex("02 000c 63726561746553747265616d # 'createStream'\n 00 4010000000000000 # transaction 4\n 05 # null"),
  },
  {
    name: "publish command",
    codec: c("command"),
    decoded: { name: "publish", transactionId: 5, commandObject: null, args: ["key", "live"] },
    bytes: hex("02 0007 7075626c697368 00 4014000000000000 05 02 0003 6b6579 02 0004 6c697665"),
  },
  {
    name: "@setDataFrame onMetaData",
    codec: c("data"),
    decoded: { handler: "@setDataFrame", values: ["onMetaData", new Amf0EcmaArray({ width: 640 })] },
    bytes: hex(`02 000d 40736574446174614672616d65 # '@setDataFrame'
      02 000a 6f6e4d65746144617461             # 'onMetaData'
      08 00000001 0005 7769647468 00 4084000000000000 0000 09`),
  },
];

describe("rtmp messages", () => {
  it.each(messageCases)("decodes $name", ({ codec, decoded, bytes }) => {
    expect(codec.decode(bytes)).toEqual(decoded);
  });

  it.each(messageCases)("encodes $name", ({ codec, decoded, bytes }) => {
    expect(codec.encode(decoded)).toEqual(bytes);
  });

  it("reads an AMF3 command (type 17) as AMF0 behind the format byte", () => {
    const body = encodeCommand({ name: "connect", transactionId: 1, commandObject: { app: "live" }, args: [] });
    const amf3 = new Uint8Array(body.length + 1);
    amf3.set(body, 1);
    expect(decodeCommand(amf3, 17)).toEqual({ name: "connect", transactionId: 1, commandObject: { app: "live" }, args: [] });
  });

  const refused: { name: string; run: () => unknown }[] = [
    { name: "Set Chunk Size 0", run: () => decodeSetChunkSize(hex("00000000"), 65536) },
    { name: "truncated Acknowledgement", run: () => decodeAcknowledgement(hex("0000")) },
    { name: "Window Acknowledgement Size 0", run: () => decodeWindowAcknowledgementSize(hex("00000000")) },
    { name: "Set Peer Bandwidth limit type 3", run: () => decodeSetPeerBandwidth(hex("00000001 03")) },
    { name: "command without a name", run: () => decodeCommand(hex("05")) },
    { name: "AMF3 body without the 0 format byte", run: () => decodeCommand(hex("0a"), 17) },
  ];
  it.each(refused)("refuses $name", ({ run }) => {
    expect(run).toThrow(expect.objectContaining({ name: "TributaryError" }));
  });

  it("fuzz: mutated seeds only ever throw TributaryError", () => {
    const random = prng(0x6d7367);
    for (let i = 0; i < 3000; i++) {
      const seed = messageCases[i % messageCases.length] as Case;
      try {
        seed.codec.decode(mutate(seed.bytes, random));
      } catch (error) {
        if (!isTributaryError(error)) throw error;
      }
    }
  });
});
