import { describe, expect, it } from "vitest";
import { createLogger } from "#core-node/logger.ts";
import { StoragePressure } from "./storage-pressure.ts";

describe("StoragePressure", () => {
  it("tells every listener each change, a late listener at once while behind, and none once unsubscribed", () => {
    const pressure = new StoragePressure(createLogger("pressure-test", "silent"), "m1");
    const early: boolean[] = [];
    const stop = pressure.subscribe((behind) => early.push(behind));
    pressure.report(true, 20_000_000);
    const late: boolean[] = [];
    pressure.subscribe((behind) => late.push(behind));
    pressure.report(false, 1_000);
    stop();
    pressure.report(true, 20_000_000);
    expect(early).toEqual([true, false]);
    expect(late).toEqual([true, false, true]);
  });
});
