import { describe, expect, it } from "vitest";
import { parseRange } from "./range.ts";

describe("parseRange", () => {
  it("reads the single ranges players send", () => {
    expect(parseRange("bytes=0-99", 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange("bytes=900-", 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange("bytes=-100", 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange("bytes=0-5000", 1000)).toEqual({ start: 0, end: 999 });
  });

  it("answers abuse with the whole object or 416, never a huge or negative slice", () => {
    expect(parseRange("bytes=99999999999999999999-", 1000)).toBe("unsatisfiable");
    expect(parseRange("bytes=1000-", 1000)).toBe("unsatisfiable");
    expect(parseRange("bytes=500-100", 1000)).toBe("unsatisfiable");
    expect(parseRange("bytes=-0", 1000)).toBe("unsatisfiable");
    expect(parseRange("bytes=-99999999999999999999", 1000)).toEqual({ start: 0, end: 999 });
    // Many ranges (a classic amplification) and malformed units are served whole, as RFC 9110 allows.
    expect(parseRange(`bytes=${Array.from({ length: 1000 }, (_, i) => `${i}-${i}`).join(",")}`, 1000)).toBeUndefined();
    expect(parseRange("bytes=-", 1000)).toBeUndefined();
    expect(parseRange("items=0-1", 1000)).toBeUndefined();
    expect(parseRange("bytes=0x10-20", 1000)).toBeUndefined();
    expect(parseRange("bytes=1e3-", 1000)).toBeUndefined();
  });
});
