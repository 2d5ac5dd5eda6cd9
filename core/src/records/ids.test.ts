import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock.ts";
import { newId } from "./ids.ts";

describe("newId", () => {
  it("is URL-safe, 26 characters, and sorts by creation time", () => {
    const clock = new ManualClock();
    const first = newId(clock);
    clock.advance(1);
    const second = newId(clock);
    expect(first).toMatch(/^[0-9a-z]{26}$/);
    expect(first < second).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => newId(clock))).size).toBe(1000);
  });
});
