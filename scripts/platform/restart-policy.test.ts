import { describe, expect, it } from "vitest";
import { defaultRestartPolicy, nextRestart } from "./restart-policy.ts";

const policy = { initialDelayMs: 100, factor: 2, maxDelayMs: 1_000, healthyAfterMs: 10_000 };

describe("restart policy", () => {
  it("backs off exponentially on consecutive crashes, up to the cap", () => {
    let state = { crashes: 0 };
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const next = nextRestart(policy, state, 50);
      delays.push(next.delayMs);
      state = next.state;
    }
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it("starts again from the initial delay after a healthy run", () => {
    expect(nextRestart(policy, { crashes: 5 }, 10_000)).toEqual({ delayMs: 100, state: { crashes: 1 } });
  });

  it("defaults to a short first delay", () => {
    expect(nextRestart(defaultRestartPolicy, { crashes: 0 }, 0).delayMs).toBe(500);
  });
});
