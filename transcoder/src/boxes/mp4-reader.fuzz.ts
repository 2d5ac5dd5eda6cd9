/**
 * Fuzz target: fragmented MP4 as the transcoder reads it from ffmpeg: the push-style box reader in
 * random pieces, then the CMAF segmenter that parses moov (trak, stsd, avcC, esds...), moof (tfhd,
 * tfdt, trun) and cuts segments. Inputs are random bytes, box sequences with random types from the
 * box tables and random (small, huge, 0, 1 + largesize) sizes, and mutations of ffmpeg's fMP4
 * (committed in test/fuzz/corpus/mp4/). Invariant: the reader never holds more than one box under
 * its size cap.
 */
import * as fc from "fast-check";
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { fuzzTarget, invariant } from "#core/testing/fuzz/fuzz-target.ts";
import { mutatedBytes, randomBytes, splits } from "#core/testing/fuzz/mutations.ts";
import { CmafSegmenter } from "../cmaf/segmenter.ts";
import { readChildren } from "./children.ts";
import { Mp4Reader } from "./mp4-reader.ts";
import { writeMdat } from "./mdat.ts";
import { writeStyp } from "./styp.ts";

const MAX_BOX_SIZE = 1024 * 1024;
const BOX_TYPES = ["ftyp", "styp", "moov", "mvhd", "trak", "tkhd", "mdia", "mdhd", "hdlr", "minf", "stbl", "stsd", "avc1", "avcC", "mp4a", "esds", "mvex", "trex", "moof", "mfhd", "traf", "tfhd", "tfdt", "trun", "mdat", "sidx", "free", "uuid"];

/** A box with a random size field: right, short, huge, 0 ("to the end") or 1 with a largesize. */
function boxAt(depth: number): fc.Arbitrary<Uint8Array> {
  const children = depth === 0 ? fc.constant<Uint8Array[]>([]) : fc.array(boxAt(depth - 1), { maxLength: 3 });
  return fc
    .record({
      type: fc.constantFrom(...BOX_TYPES),
      size: fc.oneof({ weight: 4, arbitrary: fc.constant("exact" as const) }, fc.constantFrom(0, 1, 7, 0xffffffff, MAX_BOX_SIZE + 1), fc.nat({ max: 300 })),
      children,
      payload: fc.uint8Array({ maxLength: 48 }),
    })
    .map(({ type, size, children, payload }) => {
      const body = new ByteWriter();
      // A FullBox's version and flags (or a sample entry's first bytes) before the children.
      body.bytes(payload.subarray(0, children.length > 0 ? 4 : payload.length));
      for (const child of children) body.bytes(child);
      const bytes = body.finish();
      const w = new ByteWriter();
      if (size === 1) w.u32(1).fourcc(type).u64(16 + bytes.byteLength);
      else w.u32(size === "exact" ? 8 + bytes.byteLength : size).fourcc(type);
      return w.bytes(bytes).finish();
    });
}

const box = boxAt(3);

const boxStream = fc.array(box, { minLength: 1, maxLength: 8 }).map((boxes) => {
  const w = new ByteWriter();
  for (const b of boxes) w.bytes(b);
  return w.finish();
});

export const mp4ReaderFuzz = fuzzTarget<Uint8Array[]>({
  name: "mp4",
  parser: "transcoder/src/boxes/mp4-reader.ts (and the box parsers the CMAF segmenter runs)",
  seeds: () => [new Uint8Array([...writeStyp(), ...writeMdat(new Uint8Array([1, 2, 3]))])],
  arbitraries: (seeds) => ({
    bytes: splits(randomBytes(), 1024),
    structured: splits(boxStream, 1024),
    mutated: splits(mutatedBytes(seeds, 12), 4096),
  }),
  run(pieces) {
    const reader = new Mp4Reader({ maxBoxSize: MAX_BOX_SIZE });
    for (const piece of pieces) {
      for (const raw of reader.push(piece)) if (raw.type !== "mdat") readChildren(raw.payload);
      invariant(reader.buffered <= MAX_BOX_SIZE, () => `reader holds ${reader.buffered} bytes`);
    }
    const segmenter = new CmafSegmenter();
    for (const piece of pieces) segmenter.push(piece);
    segmenter.flush();
  },
});
