/**
 * Fuzz target: the AMF0 decoder on command and data bodies. Inputs are random bytes, sequences of
 * valid type markers (every §2.1 marker, the unsupported ones and unknown values) with random
 * payloads and declared lengths, encoded values and mutations of encoded commands. Invariant: a value
 * tree we encode decodes to the same tree.
 */
import { isDeepStrictEqual } from "node:util";
import * as fc from "fast-check";
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { FuzzFinding, fuzzTarget, invariant } from "#core/testing/fuzz/fuzz-target.ts";
import { mutatedBytes, randomBytes } from "#core/testing/fuzz/mutations.ts";
import { encodeCommand } from "../message/command.ts";
import { encodeData } from "../message/data.ts";
import { decodeAmf0 } from "./decode.ts";
import { encodeAmf0 } from "./encode.ts";
import { Amf0EcmaArray, Amf0Marker, type Amf0Object, type Amf0Value } from "./value.ts";

type Amf0Input = { kind: "bytes"; bytes: Uint8Array } | { kind: "values"; values: Amf0Value[] };

const key = fc.string({ unit: "grapheme", maxLength: 12 }).filter((k) => k !== "");

const { value: amf0Value } = fc.letrec<{ value: Amf0Value; object: Amf0Object }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.double(),
    fc.boolean(),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.constant(null),
    fc.constant(undefined),
    fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms)),
    fc.array(tie("value"), { maxLength: 5 }),
    tie("object"),
    tie("object").map((properties) => new Amf0EcmaArray(properties as Amf0Object)),
  ),
  object: fc.array(fc.tuple(key, tie("value")), { maxLength: 5 }).map((entries) => {
    const out: Amf0Object = {};
    for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  }),
}));

/** A marker from the table (or not) followed by a random payload, some starting with a large declared length. */
const markerRun = fc
  .array(
    fc.record({
      marker: fc.oneof(fc.constantFrom(...Object.values(Amf0Marker)), fc.nat({ max: 255 })),
      length: fc.oneof(fc.constant(undefined), fc.constantFrom(0, 1, 0xffff, 0x7fffffff, 0xffffffff), fc.nat({ max: 64 })),
      payload: fc.uint8Array({ maxLength: 24 }),
    }),
    { minLength: 1, maxLength: 16 },
  )
  .map((items) => {
    const w = new ByteWriter();
    for (const { marker, length, payload } of items) {
      w.u8(marker);
      if (length !== undefined && marker === Amf0Marker.string) w.u16(length & 0xffff);
      else if (length !== undefined) w.u32(length >>> 0);
      w.bytes(payload);
    }
    return w.finish();
  });

const bytesInput = (bytes: fc.Arbitrary<Uint8Array>) => bytes.map((b): Amf0Input => ({ kind: "bytes", bytes: b }));

export const amf0Fuzz = fuzzTarget<Amf0Input>({
  name: "amf0",
  parser: "origin-relay/src/rtmp/amf0/decode.ts",
  seeds: () => [
    encodeCommand({ name: "connect", transactionId: 1, commandObject: { app: "live", flashVer: "FMLE/3.0", tcUrl: "rtmp://h/live", fpad: false, capabilities: 15, audioCodecs: 3191, videoCodecs: 252, objectEncoding: 0 }, args: [] }),
    encodeCommand({ name: "publish", transactionId: 5, commandObject: null, args: ["key", "live"] }),
    encodeData({ handler: "@setDataFrame", values: ["onMetaData", new Amf0EcmaArray({ width: 1920, height: 1080, framerate: 30, videocodecid: 7, encoder: "obs", stereo: true })] }),
    encodeAmf0([[1, "a", null, undefined, new Date(0), { nested: { deeper: [true] } }]]),
  ],
  arbitraries: (seeds) => ({
    bytes: bytesInput(randomBytes(512)),
    markers: bytesInput(markerRun),
    mutated: bytesInput(mutatedBytes(seeds)),
    values: fc.array(amf0Value, { minLength: 1, maxLength: 4 }).map((values): Amf0Input => ({ kind: "values", values })),
  }),
  run(input) {
    if (input.kind === "bytes") {
      decodeAmf0(input.bytes);
      return;
    }
    let decoded: Amf0Value[];
    try {
      decoded = decodeAmf0(encodeAmf0(input.values));
    } catch (error) {
      throw new FuzzFinding(`a value tree we encoded does not decode: ${String(error)}`);
    }
    invariant(isDeepStrictEqual(decoded, input.values), "decode(encode(values)) differs from values");
  },
});
