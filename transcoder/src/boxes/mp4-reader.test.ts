import { describe, expect, it } from "vitest";
import { Mp4Reader } from "./mp4-reader.ts";
import { writeStyp } from "./styp.ts";
import { writeMdat } from "./mdat.ts";

describe("Mp4Reader", () => {
  const stream = new Uint8Array([...writeStyp(), ...writeMdat(new Uint8Array([1, 2, 3]))]);

  it("returns boxes as they complete and keeps the remainder, one byte at a time", () => {
    const reader = new Mp4Reader();
    const types: string[] = [];
    for (const b of stream) types.push(...reader.push(new Uint8Array([b])).map((x) => x.type));
    expect(types).toEqual(["styp", "mdat"]);
    expect(reader.buffered).toBe(0);
  });

  it("rejects a declared size above the limit before buffering it", () => {
    const reader = new Mp4Reader({ maxBoxSize: 16 });
    expect(() => reader.push(new Uint8Array([0, 0, 0, 17, 0x6d, 0x64, 0x61, 0x74]))).toThrow(expect.objectContaining({ code: "media.invalid" }));
  });

  it("rejects a 64-bit largesize above the limit", () => {
    const reader = new Mp4Reader();
    const box = new Uint8Array([0, 0, 0, 1, 0x6d, 0x64, 0x61, 0x74, 0xff, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => reader.push(box)).toThrow(expect.objectContaining({ code: "media.invalid" }));
  });

  it("rejects a size smaller than the header", () => {
    expect(() => new Mp4Reader().push(new Uint8Array([0, 0, 0, 4, 0x6d, 0x64, 0x61, 0x74]))).toThrow(expect.objectContaining({ code: "media.invalid" }));
  });
});
