import { describe, expect, it } from "vitest";
import { isTributaryError } from "#core/errors.ts";
import { hex } from "../testing/hex.ts";
import { mutate, prng } from "#core/testing/prng.ts";
import { decodeAmf0 } from "./decode.ts";
import { encodeAmf0 } from "./encode.ts";
import { Amf0EcmaArray, type Amf0Value } from "./value.ts";

interface Case {
  name: string;
  decoded: Amf0Value[];
  bytes: Uint8Array;
}

export const amf0Cases: Case[] = [
  { name: "number", decoded: [1.5], bytes: hex("00 3ff8000000000000 # marker, IEEE-754 1.5") },
  { name: "boolean true", decoded: [true], bytes: hex("01 01") },
  { name: "string", decoded: ["abc"], bytes: hex("02 0003 616263 # marker, u16 length, utf-8") },
  { name: "empty string", decoded: [""], bytes: hex("02 0000") },
  { name: "null and undefined", decoded: [null, undefined], bytes: hex("05 06") },
  {
    name: "object",
    decoded: [{ app: "live", v: 3 }],
    bytes: hex(`03
      0003 617070 02 0004 6c697665   # "app": "live"
      0001 76 00 4008000000000000    # "v": 3
      0000 09                        # empty key + object end`),
  },
  {
    name: "ecma array",
    decoded: [new Amf0EcmaArray({ width: 640 })],
    bytes: hex(`08 00000001                     # marker, associative-count 1
      0005 7769647468 00 4084000000000000 # "width": 640
      0000 09`),
  },
  { name: "strict array", decoded: [[1, "a"]], bytes: hex("0a 00000002 00 3ff0000000000000 02 0001 61") },
  { name: "date", decoded: [new Date(0)], bytes: hex("0b 0000000000000000 0000 # millis, time-zone") },
  { name: "command", decoded: ["_result", 1, null], bytes: hex("02 0007 5f726573756c74 00 3ff0000000000000 05") },
];

describe("amf0", () => {
  it.each(amf0Cases)("decodes $name", ({ decoded, bytes }) => {
    expect(decodeAmf0(bytes)).toEqual(decoded);
  });

  it.each(amf0Cases)("encodes $name", ({ decoded, bytes }) => {
    expect(encodeAmf0(decoded)).toEqual(bytes);
  });

  it("round-trips a long string with the long-string marker", () => {
    const long = "x".repeat(70_000);
    const bytes = encodeAmf0([long]);
    expect(bytes[0]).toBe(0x0c);
    expect(decodeAmf0(bytes)).toEqual([long]);
  });

  it("decodes a __proto__ key as data, not as a prototype", () => {
    const bytes = hex("03 0009 5f5f70726f746f5f5f 01 01 0000 09");
    const [value] = decodeAmf0(bytes) as [Record<string, unknown>];
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
  });

  const refused: { name: string; bytes: Uint8Array }[] = [
    { name: "string longer than the body", bytes: hex("02 ffff 61") },
    { name: "long string length beyond the body", bytes: hex("0c 7fffffff 61") },
    { name: "strict array count beyond the body", bytes: hex("0a 7fffffff 05") },
    { name: "object without end", bytes: hex("03 0001 61 05") },
    { name: "unknown marker", bytes: hex("0d") },
    { name: "nesting beyond the limit", bytes: hex("0a00000001".repeat(40) + "05") },
  ];
  it.each(refused)("refuses $name with ingest.protocol", ({ bytes }) => {
    expect(() => decodeAmf0(bytes)).toThrow(expect.objectContaining({ code: "ingest.protocol" }));
  });

  it("fuzz: mutated seeds only ever throw TributaryError", () => {
    const random = prng(0x414d46);
    for (let i = 0; i < 3000; i++) {
      const seed = amf0Cases[i % amf0Cases.length] as Case;
      const bytes = mutate(seed.bytes, random);
      try {
        decodeAmf0(bytes);
      } catch (error) {
        if (!isTributaryError(error, "ingest.protocol")) throw error;
      }
    }
  });
});
