import { describe, expect, it } from "vitest";
import { fitWithin } from "./filter-graph.ts";

describe("fitWithin", () => {
  it("keeps a rung that fits the source", () => {
    expect(fitWithin({ width: 640, height: 360 }, { width: 1280, height: 720 })).toEqual({ width: 640, height: 360 });
    expect(fitWithin({ width: 640, height: 360 }, { width: 640, height: 360 })).toEqual({ width: 640, height: 360 });
  });

  it("scales a rung larger than the source down to fit, with even sides", () => {
    expect(fitWithin({ width: 640, height: 360 }, { width: 320, height: 180 })).toEqual({ width: 320, height: 180 });
    // A narrower source: the width limits, the rung's aspect is kept.
    expect(fitWithin({ width: 1280, height: 720 }, { width: 480, height: 480 })).toEqual({ width: 480, height: 270 });
    expect(fitWithin({ width: 854, height: 480 }, { width: 426, height: 240 })).toEqual({ width: 426, height: 240 });
    expect(fitWithin({ width: 640, height: 360 }, { width: 1, height: 1 })).toEqual({ width: 2, height: 2 });
  });
});
