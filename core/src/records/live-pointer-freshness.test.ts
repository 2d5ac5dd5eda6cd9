import { describe, expect, it } from "vitest";
import { LIVE_POINTER } from "../platform/layout.ts";
import { isPointerCurrent } from "./live-pointer-freshness.ts";
import type { LiveOrigin } from "./schemas.ts";

const at = (ms: number) => new Date(ms).toISOString();
const pointer = (extra: Partial<LiveOrigin> = {}): LiveOrigin => ({
  streamId: "s1", mediaId: "m1", tenantId: "acme", originUrl: "http://10.0.0.5:8080", relayId: "r1",
  startedAt: at(0), state: "live", latencyMode: "normal", ...extra,
});

describe("isPointerCurrent", () => {
  it("holds while the relay keeps beating, and lapses after the stale window", () => {
    const beat = 600_000;
    expect(isPointerCurrent(pointer({ heartbeatAt: at(beat) }), beat + LIVE_POINTER.staleAfterMs)).toBe(true);
    expect(isPointerCurrent(pointer({ heartbeatAt: at(beat) }), beat + LIVE_POINTER.staleAfterMs + 1)).toBe(false);
    expect(isPointerCurrent(pointer({ state: "reconnecting", heartbeatAt: at(beat) }), beat + 1_000)).toBe(true);
  });

  it("dates a pointer without heartbeats from its start, and never counts an ended one", () => {
    expect(isPointerCurrent(pointer(), 1_000)).toBe(true);
    expect(isPointerCurrent(pointer(), LIVE_POINTER.staleAfterMs + 1)).toBe(false);
    expect(isPointerCurrent(pointer({ state: "ended", heartbeatAt: at(0) }), 0)).toBe(false);
  });

  it("beats at least three times inside the stale window", () => {
    expect(LIVE_POINTER.staleAfterMs).toBeGreaterThan(3 * LIVE_POINTER.heartbeatMs);
  });
});
