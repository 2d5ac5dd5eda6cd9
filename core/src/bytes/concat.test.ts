import { describe, expect, it } from "vitest";
import { concat, sameBytes } from "./concat.ts";

describe("concat", () => {
  it("joins parts in order and skips undefined ones", () => {
    expect(concat([Uint8Array.of(1, 2), undefined, Uint8Array.of(3)])).toEqual(Uint8Array.of(1, 2, 3));
  });
  it("returns a single part without copying it", () => {
    const only = Uint8Array.of(7, 8);
    expect(concat([undefined, only])).toBe(only);
  });
  it("gives an empty array for no parts", () => {
    expect(concat([])).toEqual(new Uint8Array(0));
  });
});

describe("sameBytes", () => {
  it("compares contents, not identity", () => {
    expect(sameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(sameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(sameBytes(Uint8Array.of(1), Uint8Array.of(1, 2))).toBe(false);
  });
});
