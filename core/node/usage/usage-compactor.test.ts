import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ManualClock } from "#core/clock.ts";
import { keys } from "#core/storage/keys.ts";
import { ManualTimers } from "#core/webhooks/timers.ts";
import { FsObjectStore } from "../fs-object-store.ts";
import type { HourCompaction } from "./usage-compaction.ts";
import { UsageCompactor } from "./usage-compactor.ts";

const H10 = new Date("2026-12-03T10:00:00.000Z");
const H11 = new Date("2026-12-03T11:00:00.000Z");
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-compactor-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("UsageCompactor", () => {
  it("compacts closed hours at start and again on every interval, until closed", async () => {
    const store = new FsObjectStore({ root: dir, durable: false });
    const line = (id: string, hour: Date) => JSON.stringify({ id, at: hour.toISOString(), source: "edge", mediaId: "m1", kind: "segment", bytes: 1 });
    await store.put(keys.usage("edge", H10, "e1", 0), gzipSync(line("a", H10)));
    await store.put(keys.usage("edge", H11, "e1", 0), gzipSync(line("b", H11)));
    const clock = new ManualClock(H11.getTime() + 30 * 60_000);
    const timers = new ManualTimers(clock);
    const passes: HourCompaction[][] = [];
    let passed: () => void = () => {};
    const nextPass = () => new Promise<void>((resolve) => (passed = resolve));
    const compactor = new UsageCompactor({ store, clock, timers, intervalMs: 60 * 60_000, policy: { graceMs: 15 * 60_000, lookbackHours: 2 }, onPass: (r) => { passes.push(r); passed(); }, onError: (e) => { throw e; } });

    let pass = nextPass();
    compactor.start();
    await pass;
    expect(passes[0]?.map((r) => [r.hour, r.outcome])).toEqual([[H10.toISOString(), "compacted"]]);

    await new Promise((resolve) => setImmediate(resolve));
    expect(timers.nextAt).toBe(clock.now() + 60 * 60_000);
    clock.advance(60 * 60_000);
    pass = nextPass();
    timers.runDue();
    await pass;
    expect(passes[1]?.map((r) => [r.hour, r.outcome])).toEqual([
      [H10.toISOString(), "unchanged"],
      [H11.toISOString(), "compacted"],
    ]);

    await compactor.close();
    expect(timers.nextAt).toBeUndefined();
  });
});
