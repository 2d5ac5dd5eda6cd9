import { describe, expect, it } from "vitest";
import { pooledRandom } from "./usage.ts";

describe("pooledRandom", () => {
  it("hands out fresh bytes of the asked length across pool refills", () => {
    const random = pooledRandom(16);
    const draws = Array.from({ length: 8 }, () => random.bytes(10));
    expect(draws.every((d) => d.byteLength === 10)).toBe(true);
    expect(new Set(draws.map((d) => d.join(","))).size).toBe(8);
    expect(random.bytes(40).byteLength).toBe(40);
  });

  it("never lets a later draw change an earlier one", () => {
    const random = pooledRandom(16);
    const first = random.bytes(10);
    const copy = first.slice();
    random.bytes(10);
    random.bytes(10);
    expect(first).toEqual(copy);
  });
});
