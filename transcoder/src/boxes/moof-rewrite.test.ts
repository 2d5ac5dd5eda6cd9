import { describe, expect, it } from "vitest";
import { readChildren } from "./children.ts";
import { parseMoof, writeMoof } from "./moof.ts";
import type { MovieFragmentBox } from "./moof.ts";
import { rewriteMoof } from "./moof-rewrite.ts";

/** One traf, tfdt version 0 at 100, one run whose data_offset is given. */
const fragmentWith = (data_offset: number): MovieFragmentBox => ({
  mfhd: { sequence_number: 1 },
  traf: [{ tfhd: { flags: 0x020000, track_ID: 1 }, tfdt: { version: 0, base_media_decode_time: 100 }, trun: [{ version: 0, flags: 0x000101, data_offset, samples: [{ sample_duration: 512 }] }], other: [] }],
});
const fragment = fragmentWith(0);
const firstBox = (bytes: Uint8Array) => {
  const box = readChildren(bytes)[0];
  if (box === undefined) throw new Error("no box");
  return box;
};

describe("moof rewrite", () => {
  it("round-trips a moof byte for byte", () => {
    const bytes = writeMoof(fragment);
    const again = writeMoof(parseMoof(readChildren(bytes)[0]?.payload ?? new Uint8Array()));
    expect(again).toEqual(bytes);
  });

  it("sets sequence_number, shifts tfdt and moves data_offset when tfdt grows to version 1", () => {
    // data_offset points at the mdat payload: moof size + 8.
    const fixed = writeMoof(fragmentWith(writeMoof(fragment).byteLength + 8));
    const box = firstBox(fixed);
    const out = rewriteMoof(box.bytes, box.payload, { sequence_number: 7, decodeTimeOffset: 0x1_0000_0000 });
    const parsed = parseMoof(firstBox(out).payload);
    expect(parsed.mfhd.sequence_number).toBe(7);
    expect(parsed.traf[0]?.tfdt).toEqual({ version: 1, base_media_decode_time: 0x1_0000_0064 });
    expect(out.byteLength).toBe(fixed.byteLength + 4);
    expect(parsed.traf[0]?.trun[0]?.data_offset).toBe(out.byteLength + 8);
  });
});
