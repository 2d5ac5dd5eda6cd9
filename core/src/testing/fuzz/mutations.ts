/**
 * Test helper: input generators shared by the fuzz targets. Mutations work on committed seeds the way
 * coverage-guided fuzzers do (bit flips, interesting values, truncation, insertion, splicing two
 * seeds), and `splits` cuts a byte stream at random points, as TCP and SRT deliver it.
 */
import * as fc from "fast-check";

/** Values that sit on the edges of the length and count fields parsers read. */
const INTERESTING_8 = [0x00, 0x01, 0x7f, 0x80, 0xff];
const INTERESTING_32 = [0x00000000, 0x00000001, 0x0000ffff, 0x00ffffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x00800000, 0x01000000];

type Mutation =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "byte"; at: number; value: number }
  | { kind: "interesting8"; at: number; value: number }
  | { kind: "interesting32"; at: number; value: number }
  | { kind: "truncate"; at: number }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "delete"; at: number; length: number }
  | { kind: "duplicate"; at: number; length: number }
  | { kind: "splice"; at: number; other: number; from: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("byte" as const), at: fc.nat(), value: fc.nat({ max: 255 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("interesting8" as const), at: fc.nat(), value: fc.constantFrom(...INTERESTING_8) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("interesting32" as const), at: fc.nat(), value: fc.constantFrom(...INTERESTING_32) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 256 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("splice" as const), at: fc.nat(), other: fc.nat(), from: fc.nat() }) },
);

function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

function apply(bytes: Uint8Array, m: Mutation, seeds: readonly Uint8Array[]): Uint8Array {
  const length = bytes.byteLength;
  const at = length === 0 ? 0 : m.at % length;
  switch (m.kind) {
    case "flip":
      if (length > 0) bytes[at] = (bytes[at] as number) ^ (1 << m.bit);
      return bytes;
    case "byte":
    case "interesting8":
      if (length > 0) bytes[at] = m.value;
      return bytes;
    case "interesting32":
      if (length >= 4) new DataView(bytes.buffer, bytes.byteOffset, length).setUint32(Math.min(at, length - 4), m.value);
      return bytes;
    case "truncate":
      return bytes.slice(0, at);
    case "insert":
      return join(bytes.subarray(0, at), m.bytes, bytes.subarray(at));
    case "delete":
      return join(bytes.subarray(0, at), bytes.subarray(at + m.length));
    case "duplicate":
      return join(bytes.subarray(0, at + m.length), bytes.subarray(at));
    case "splice": {
      // The head of this input, then the tail of another seed: two valid prefixes joined at a seam.
      const other = seeds[m.other % seeds.length] as Uint8Array;
      const from = other.byteLength === 0 ? 0 : m.from % other.byteLength;
      return join(bytes.subarray(0, at), other.subarray(from));
    }
  }
}

/** A seed with one to eight mutations applied (the seed itself is never changed). */
export function mutatedBytes(seeds: readonly Uint8Array[], maxMutations = 8): fc.Arbitrary<Uint8Array> {
  if (seeds.length === 0) throw new TypeError("mutatedBytes needs at least one seed");
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: maxMutations }))
    .map(([index, mutations]) => mutations.reduce<Uint8Array>((bytes, m) => apply(bytes, m, seeds), (seeds[index] as Uint8Array).slice()));
}

/** Random bytes, biased towards short inputs. */
export function randomBytes(maxLength = 2048): fc.Arbitrary<Uint8Array> {
  return fc.uint8Array({ maxLength, size: "max" });
}

/** A byte stream cut into the pieces a transport might deliver (sizes 1..maxPiece, the last takes the rest). */
export function splits(bytes: fc.Arbitrary<Uint8Array>, maxPiece = 512): fc.Arbitrary<Uint8Array[]> {
  return fc.tuple(bytes, fc.array(fc.integer({ min: 1, max: maxPiece }), { maxLength: 16 })).map(([all, sizes]) => {
    const pieces: Uint8Array[] = [];
    let at = 0;
    for (const size of sizes) {
      if (at >= all.byteLength) break;
      pieces.push(all.subarray(at, at + size));
      at += size;
    }
    if (at < all.byteLength || pieces.length === 0) pieces.push(all.subarray(at));
    return pieces;
  });
}

const utf8 = new TextEncoder();
const text = new TextDecoder("utf-8", { fatal: false });

/** Seeds given as text, as bytes (corpus files are bytes; text targets decode them). */
export const textSeeds = (...values: string[]): Uint8Array[] => values.map((v) => utf8.encode(v));

/** Bytes as text (invalid UTF-8 becomes U+FFFD, as a Web `Request.text()` reads it). */
export const asText = (bytes: Uint8Array): string => text.decode(bytes);

/** Strings mixing any code points with the characters `alphabet` holds (the grammar's delimiters). */
export function stringFrom(alphabet: readonly string[], maxLength = 256): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...alphabet) }, { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 4 }) }), { maxLength })
    .map((parts) => parts.join(""));
}
