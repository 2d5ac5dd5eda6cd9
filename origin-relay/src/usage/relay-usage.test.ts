import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import type { Ladder } from "#core/ladder/types.ts";
import type { UsageRecord } from "#core/usage/usage-record.ts";
import { meteredRenditions, RelayUsage } from "./relay-usage.ts";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe("meteredRenditions", () => {
  it("lists the source first, then encoded video with tiers by the short side, then audio", () => {
    const ladder = {
      passthrough: { kind: "passthrough", name: "source", width: 1080, height: 1920, fps: 30, codec: "h264", bitrate: undefined },
      video: [{ name: "720p", width: 720, height: 1280 }, { name: "360p", width: 360, height: 640 }],
      audio: { name: "audio" },
    } as unknown as Ladder;
    expect(meteredRenditions(ladder)).toEqual([
      { name: "source", encoded: false, tier: "HD" },
      { name: "720p", encoded: true, tier: "HD" },
      { name: "360p", encoded: true, tier: "SD" },
      { name: "audio", encoded: true },
    ]);
  });
});

describe("RelayUsage", () => {
  it("writes out every broadcast's current interval and flushes the sink once per batch window", async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 4, 13));
    const records: UsageRecord[] = [];
    let flushes = 0;
    const usage = new RelayUsage({ sink: { record: (r) => records.push(r), flush: async () => void flushes++ }, intervalMs: 60_000, checkpointMs: 15_000, clock, newId: () => `id${records.length}` });
    closers.push(() => usage.close());
    const meter = usage.meter({ id: "s1", tenantId: "t1", recording: false }, "m1");
    meter.connected();
    clock.advance(14_999);
    usage.tick();
    expect([records.length, flushes]).toEqual([0, 0]);
    clock.advance(1);
    usage.tick();
    expect(records.map((r) => [r.kind, r.connectedSeconds])).toEqual([["ingest", 15]]);
    expect(flushes).toBe(1);
    meter.end();
    clock.advance(15_000);
    usage.tick();
    expect(records).toHaveLength(1);
  });
});
