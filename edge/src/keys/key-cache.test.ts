import { describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import type { DeliverableKey } from "#core/drm/content-key-store.ts";
import { cachedContentKeys } from "./key-cache.ts";

const known: DeliverableKey = { key: { kid: new Uint8Array(16), key: new Uint8Array(16).fill(1) }, tenantId: "t1", scheme: "aes-128" };

describe("cachedContentKeys", () => {
  it("opens a key once per max age and never remembers a miss", async () => {
    const clock = new ManualClock();
    const asked: string[] = [];
    const cache = cachedContentKeys({ byKid: async (mediaId, kid) => (asked.push(`${mediaId}/${kid}`), kid === "a" ? known : undefined) }, clock, { maxEntries: 10, maxAgeMs: 1000 });
    expect(await cache.byKid("m", "a")).toBe(known);
    expect(await cache.byKid("m", "a")).toBe(known);
    expect(await cache.byKid("m", "b")).toBeUndefined();
    expect(await cache.byKid("m", "b")).toBeUndefined();
    clock.advance(1000);
    await cache.byKid("m", "a");
    expect(asked).toEqual(["m/a", "m/b", "m/b", "m/a"]);
  });

  it("drops the oldest entry past its size", async () => {
    const asked: string[] = [];
    const cache = cachedContentKeys({ byKid: async (_m, kid) => (asked.push(kid), known) }, new ManualClock(), { maxEntries: 2, maxAgeMs: 60_000 });
    for (const kid of ["a", "b", "c", "a"]) await cache.byKid("m", kid);
    expect(asked).toEqual(["a", "b", "c", "a"]);
  });
});
