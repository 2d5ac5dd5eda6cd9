import { describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { usageRecordSchema, type UsageRecord } from "#core/usage/usage-record.ts";
import { StreamMeter } from "./stream-meter.ts";

const HOUR = Date.UTC(2026, 11, 4, 13);
const renditions = [
  { name: "720p", encoded: true, tier: "HD" as const },
  { name: "360p", encoded: true, tier: "SD" as const },
  { name: "audio", encoded: true },
];

function meter(recording: boolean, start = HOUR + 50_000) {
  const clock = new ManualClock(start);
  const records: UsageRecord[] = [];
  let ids = 0;
  const m = new StreamMeter({
    clock,
    sink: { record: (r) => records.push(r), flush: async () => {} },
    newId: () => `id${ids++}`,
    intervalMs: 60_000,
    stream: { id: "s1", tenantId: "t1", recording },
    mediaId: "m1",
  });
  m.ladder(renditions);
  return { clock, records, meter: m };
}

const brief = (r: UsageRecord) => [r.at.slice(11, 19), r.kind, r.rendition ?? "-", r.mediaSeconds, r.connectedSeconds ?? "-", r.bytes];

describe("StreamMeter", () => {
  it("splits connected time and packaged media at interval boundaries, and emits the last interval at the end", () => {
    const { clock, records, meter: m } = meter(false);
    m.connected();
    for (let i = 0; i < 6; i++) {
      clock.advance(2_000);
      for (const { name } of renditions) m.segment(name, 2, 100);
    }
    // Segments were stored at 13:00:52 … 13:01:02: four in the first interval, two in the second.
    clock.advance(3_000);
    m.disconnected();
    clock.advance(5_000);
    m.end();
    expect(records.map(brief)).toEqual([
      ["13:00:00", "ingest", "-", 8, 10, 0],
      ["13:00:00", "transcode", "720p", 8, "-", 400],
      ["13:00:00", "transcode", "360p", 8, "-", 400],
      ["13:00:00", "transcode", "audio", 8, "-", 400],
      ["13:01:00", "ingest", "-", 4, 5, 0],
      ["13:01:00", "transcode", "720p", 4, "-", 200],
      ["13:01:00", "transcode", "360p", 4, "-", 200],
      ["13:01:00", "transcode", "audio", 4, "-", 200],
    ]);
    expect(records.filter((r) => r.kind === "transcode").map((r) => r.tier)).toEqual(["HD", "SD", undefined, "HD", "SD", undefined]);
    for (const record of records) expect(usageRecordSchema.parse(record)).toEqual(record);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
  });

  it("writes record intervals for a recorded stream, bills no transcode for passthrough, and nothing after the end", () => {
    const { clock, records, meter: m } = meter(true, HOUR);
    m.ladder([{ name: "source", encoded: false, tier: "HD" }]);
    m.connected();
    clock.advance(2_000);
    m.segment("source", 2, 1000);
    m.end();
    m.segment("source", 2, 1000);
    clock.advance(120_000);
    m.tick();
    expect(records.map(brief)).toEqual([
      ["13:00:00", "ingest", "-", 2, 2, 0],
      ["13:00:00", "record", "source", 2, "-", 1000],
    ]);
  });

  it("keeps counting connected time across intervals in which nothing was packaged, and none while disconnected", () => {
    const { clock, records, meter: m } = meter(false, HOUR);
    m.connected();
    clock.advance(150_000);
    m.tick();
    m.disconnected();
    clock.advance(600_000);
    m.connected();
    clock.advance(1_000);
    m.end();
    expect(records.map(brief)).toEqual([
      ["13:00:00", "ingest", "-", 0, 60, 0],
      ["13:01:00", "ingest", "-", 0, 60, 0],
      ["13:02:00", "ingest", "-", 0, 30, 0],
      ["13:12:00", "ingest", "-", 0, 1, 0],
    ]);
  });

  it("writes out the current interval at a checkpoint, in records that add up with the rest of the interval", () => {
    const { clock, records, meter: m } = meter(false, HOUR);
    m.connected();
    clock.advance(20_000);
    m.segment("720p", 2, 100);
    m.checkpoint();
    clock.advance(10_000);
    m.segment("720p", 2, 100);
    m.checkpoint();
    m.checkpoint();
    clock.advance(40_000);
    m.end();
    expect(records.map(brief)).toEqual([
      ["13:00:00", "ingest", "-", 2, 20, 0],
      ["13:00:00", "transcode", "720p", 2, "-", 100],
      ["13:00:00", "ingest", "-", 2, 10, 0],
      ["13:00:00", "transcode", "720p", 2, "-", 100],
      ["13:00:00", "ingest", "-", 0, 30, 0],
      ["13:01:00", "ingest", "-", 0, 10, 0],
    ]);
  });

  it("refuses an interval that does not divide an hour", () => {
    const options = { clock: new ManualClock(), sink: { record: () => {}, flush: async () => {} }, newId: () => "x", stream: { id: "s", tenantId: "t", recording: false }, mediaId: "m" };
    expect(() => new StreamMeter({ ...options, intervalMs: 7_000 })).toThrow(TypeError);
  });
});
