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

  it("returns the same boxes for any split of the stream, including a 64-bit header cut in two", () => {
    const large = new Uint8Array([
      0, 0, 0, 1, // size 1: a 64-bit largesize follows
      0x66, 0x72, 0x65, 0x65, // type "free"
      0, 0, 0, 0, 0, 0, 0, 19, // largesize: 16-byte header + 3 payload bytes
      7, 8, 9, // payload
    ]);
    const big = writeMdat(new Uint8Array(5000).map((_, i) => i % 251));
    const all = new Uint8Array([...stream, ...large, ...big, ...stream]);
    const whole = new Mp4Reader().push(all).map((b) => ({ type: b.type, bytes: [...b.bytes], payload: [...b.payload] }));
    expect(whole.map((b) => b.type)).toEqual(["styp", "mdat", "free", "mdat", "styp", "mdat"]);
    expect(whole[2]?.payload).toEqual([7, 8, 9]);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 50; round++) {
      const reader = new Mp4Reader();
      const boxes = [];
      for (let at = 0; at < all.length; ) {
        const next = Math.min(all.length, at + 1 + Math.floor(random() * (round < 25 ? 24 : 3000)));
        boxes.push(...reader.push(all.slice(at, next)));
        at = next;
      }
      expect(boxes.map((b) => ({ type: b.type, bytes: [...b.bytes], payload: [...b.payload] }))).toEqual(whole);
      expect(reader.buffered).toBe(0);
    }
  });

  it("returns a box inside one push as a view of it, and assembles one spanning pushes", () => {
    const chunk = new Uint8Array([...stream, ...writeMdat(new Uint8Array(10))]);
    const reader = new Mp4Reader();
    const [styp, mdat] = reader.push(chunk.subarray(0, stream.length + 4));
    expect(styp?.bytes.buffer).toBe(chunk.buffer);
    expect(mdat?.bytes.buffer).toBe(chunk.buffer);
    expect(reader.buffered).toBe(4);
    const [spanning] = reader.push(chunk.subarray(stream.length + 4));
    expect(spanning?.bytes.buffer).not.toBe(chunk.buffer);
    expect([...(spanning?.bytes ?? [])]).toEqual([...chunk.subarray(stream.length)]);
  });
});
