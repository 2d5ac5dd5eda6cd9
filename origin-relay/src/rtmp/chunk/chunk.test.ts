import { describe, expect, it } from "vitest";
import { isTributaryError } from "#core/errors.ts";
import type { RtmpMessage } from "../message/type-ids.ts";
import { concat, hex } from "../testing/hex.ts";
import { mutate, prng } from "#core/testing/prng.ts";
import { ChunkDecoder } from "./chunk-decoder.ts";
import { ChunkEncoder } from "./chunk-encoder.ts";
import { defaultRtmpLimits } from "../limits.ts";

interface Case {
  name: string;
  decoded: RtmpMessage[];
  bytes: Uint8Array;
  /** Bytes no encoder of ours writes (peer quirks, control messages the decoder applies). */
  decodeOnly?: boolean;
}

const fill = (length: number, value: number) => new Uint8Array(length).fill(value);
const msg = (chunkStreamId: number, timestamp: number, typeId: number, messageStreamId: number, payload: Uint8Array): RtmpMessage => ({ chunkStreamId, timestamp, typeId, messageStreamId, payload });

export const chunkCases: Case[] = [
  {
    name: "type 0 single chunk",
    decoded: [msg(3, 0, 20, 0, hex("616263"))],
    bytes: hex(`03          # fmt 0, csid 3
      000000 000003 14 00000000 # timestamp, length 3, type 20, stream id (little-endian)
      616263`),
  },
  {
    name: "message split over two chunks at the default chunk size 128",
    decoded: [msg(3, 5, 9, 1, fill(200, 7))],
    bytes: concat(hex("03 000005 0000c8 09 01000000"), fill(128, 7), hex("c3 # fmt 3 continuation"), fill(72, 7)),
  },
  {
    name: "§5.3.2.1 example: type 0, type 2, type 3, type 3",
    decoded: [msg(4, 1000, 8, 12345, fill(32, 1)), msg(4, 1020, 8, 12345, fill(32, 2)), msg(4, 1040, 8, 12345, fill(32, 3)), msg(4, 1060, 8, 12345, fill(32, 4))],
    bytes: concat(
      hex("04 0003e8 000020 08 39300000 # ts 1000, length 32, audio, stream 12345"), fill(32, 1),
      hex("84 000014 # fmt 2, delta 20"), fill(32, 2),
      hex("c4 # fmt 3, same delta"), fill(32, 3),
      hex("c4"), fill(32, 4),
    ),
  },
  {
    name: "type 1 when the length changes",
    decoded: [msg(3, 0, 20, 0, fill(3, 9)), msg(3, 10, 20, 0, fill(5, 8))],
    bytes: concat(hex("03 000000 000003 14 00000000"), fill(3, 9), hex("43 00000a 000005 14 # fmt 1, delta 10, length 5"), fill(5, 8)),
  },
  {
    name: "2-byte basic header (csid 100)",
    decoded: [msg(100, 0, 8, 1, hex("aa"))],
    bytes: hex("00 24 # fmt 0, csid 64 + 0x24\n 000000 000001 08 01000000 aa"),
  },
  {
    name: "3-byte basic header (csid 400)",
    decoded: [msg(400, 0, 8, 1, hex("bb"))],
    bytes: hex("01 50 01 # fmt 0, csid 64 + 0x0150 (little-endian)\n 000000 000001 08 01000000 bb"),
  },
  {
    name: "extended timestamp repeated on the type-3 continuation",
    decoded: [msg(3, 0x01000000, 9, 1, fill(200, 5))],
    bytes: concat(hex("03 ffffff 0000c8 09 01000000 01000000 # marker, then the 32-bit timestamp"), fill(128, 5), hex("c3 01000000"), fill(72, 5)),
  },
  {
    name: "extended delta on type 2 and on a new type-3 message",
    decoded: [msg(5, 0x01000000, 8, 1, hex("01")), msg(5, 0x02000001, 8, 1, hex("02")), msg(5, 0x03000002, 8, 1, hex("03"))],
    bytes: hex(`05 ffffff 000001 08 01000000 01000000 01
      85 ffffff 01000001 02   # fmt 2, extended delta
      c5 01000001 03          # fmt 3 repeats the extended delta`),
  },
  {
    name: "continuation without the extended timestamp (older encoders)",
    decoded: [msg(3, 0x01000000, 9, 1, fill(200, 5))],
    bytes: concat(hex("03 ffffff 0000c8 09 01000000 01000000"), fill(128, 5), hex("c3"), fill(72, 5)),
    decodeOnly: true,
  },
  {
    name: "Set Chunk Size applies to the next chunk",
    decoded: [msg(2, 0, 1, 0, hex("00000100")), msg(3, 0, 9, 1, fill(200, 6))],
    bytes: concat(hex("02 000000 000004 01 00000000 00000100 # Set Chunk Size 256"), hex("03 000000 0000c8 09 01000000"), fill(200, 6)),
    decodeOnly: true,
  },
  {
    name: "Abort discards the partial message",
    decoded: [msg(2, 0, 2, 0, hex("00000003")), msg(3, 0, 20, 0, hex("61"))],
    bytes: concat(hex("03 000000 0000c8 09 01000000"), fill(128, 1), hex("02 000000 000004 02 00000000 00000003 # Abort csid 3"), hex("03 000000 000001 14 00000000 61")),
    decodeOnly: true,
  },
];

function decodeSplit(bytes: Uint8Array, cuts: number[]): RtmpMessage[] {
  const decoder = new ChunkDecoder();
  const out: RtmpMessage[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(...decoder.push(bytes.subarray(from, cut)));
    from = cut;
  }
  return out;
}

describe("chunk stream", () => {
  it.each(chunkCases)("decodes $name", ({ decoded, bytes }) => {
    expect(new ChunkDecoder().push(bytes)).toEqual(decoded);
  });

  it.each(chunkCases.filter((c) => !c.decodeOnly))("encodes $name", ({ decoded, bytes }) => {
    const encoder = new ChunkEncoder();
    expect(concat(...decoded.map((m) => encoder.encode(m)))).toEqual(bytes);
  });

  it.each(chunkCases)("decodes $name one byte at a time", ({ decoded, bytes }) => {
    expect(decodeSplit(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1))).toEqual(decoded);
  });

  it.each(chunkCases)("decodes $name across random TCP boundaries", ({ decoded, bytes }) => {
    const random = prng(bytes.length);
    for (let round = 0; round < 20; round++) {
      const cuts = Array.from({ length: 3 }, () => Math.floor(random() * bytes.length)).sort((a, b) => a - b);
      expect(decodeSplit(bytes, cuts)).toEqual(decoded);
    }
  });

  it("encodes with a larger chunk size and 2-byte extended continuation", () => {
    const encoder = new ChunkEncoder();
    encoder.chunkSize = 4096;
    const message = msg(6, 0xffffff, 9, 1, fill(10_000, 3));
    const decoder = new ChunkDecoder();
    decoder.chunkSize = 4096;
    expect(decoder.push(encoder.encode(message))).toEqual([message]);
  });

  const refused: { name: string; code: string; bytes: Uint8Array }[] = [
    { name: "chunk size 0", code: "ingest.protocol", bytes: hex("02 000000 000004 01 00000000 00000000") },
    { name: "chunk size with the top bit", code: "ingest.protocol", bytes: hex("02 000000 000004 01 00000000 80000000") },
    { name: "chunk size above the 64 KiB cap", code: "ingest.size_limit", bytes: hex("02 000000 000004 01 00000000 00010001") },
    { name: "message longer than 8 MiB, refused from the header alone", code: "ingest.size_limit", bytes: hex("03 000000 900000 09 01000000") },
    { name: "type 1 on a new chunk stream", code: "ingest.protocol", bytes: hex("43 000000 000001 09") },
    { name: "type 0 interrupting a message", code: "ingest.protocol", bytes: concat(hex("03 000000 0000c8 09 01000000"), fill(128, 0), hex("03 000000 000001 09 01000000 00")) },
    {
      // Found by fuzzing: each partial message's buffer is allocated at its declared length, so 61
      // chunk streams declaring 8 MiB each (8.5 KB on the wire) made the decoder allocate 485 MiB.
      name: "partial messages above the 16 MiB reassembly cap",
      code: "ingest.size_limit",
      bytes: concat(...[3, 4, 5].flatMap((csid) => [hex(`0${csid} 000000 800000 09 01000000 # 8 MiB declared`), fill(128, 0)])),
    },
    { name: "too many chunk streams", code: "ingest.size_limit", bytes: concat(...Array.from({ length: 65 }, (_, i) => hex(`00 ${(i + 10).toString(16).padStart(2, "0")} 000000 000000 08 01000000`))) },
  ];
  it.each(refused)("refuses $name", ({ code, bytes }) => {
    expect(() => new ChunkDecoder().push(bytes)).toThrow(expect.objectContaining({ code }));
  });

  it("releases a reassembly reservation when the message completes or is aborted", () => {
    const decoder = new ChunkDecoder({ ...defaultRtmpLimits, maxMessageLength: 300, maxReassemblyBytes: 400 });
    decoder.push(concat(hex("03 000000 0000c8 09 01000000"), fill(128, 1)));
    expect(decoder.reservedBytes).toBe(200);
    expect(decoder.push(concat(hex("c3"), fill(72, 1)))).toHaveLength(1);
    expect(decoder.reservedBytes).toBe(0);
    decoder.push(concat(hex("04 000000 0000c8 09 01000000"), fill(128, 2), hex("05 000000 0000c8 09 01000000"), fill(128, 3)));
    expect(decoder.reservedBytes).toBe(400);
    decoder.push(hex("02 000000 000004 02 00000000 00000004 # Abort csid 4"));
    expect(decoder.reservedBytes).toBe(200);
    expect(() => decoder.push(concat(hex("06 000000 00012c 09 01000000"), fill(128, 4)))).toThrow(expect.objectContaining({ code: "ingest.size_limit" }));
  });

  it("fuzz: mutated seeds throw only TributaryError and never buffer more than they were sent", () => {
    const random = prng(0xc4a7);
    for (let i = 0; i < 3000; i++) {
      const seed = chunkCases[i % chunkCases.length] as Case;
      const bytes = mutate(seed.bytes, random);
      const decoder = new ChunkDecoder();
      try {
        for (const message of decoder.push(bytes)) expect(message.payload.length).toBeLessThanOrEqual(8 * 1024 * 1024);
        expect(decoder.bufferedBytes).toBeLessThanOrEqual(bytes.length);
      } catch (error) {
        if (!isTributaryError(error)) throw error;
      }
    }
  });
});
