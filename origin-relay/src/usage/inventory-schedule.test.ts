import { describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import type { UsageRecord } from "#core/usage/usage-record.ts";
import { createLogger } from "#core-node/logger.ts";
import { InventorySchedule } from "./inventory-schedule.ts";

const log = createLogger("test", "silent");

async function fleet(start: number) {
  const clock = new ManualClock(start);
  const store = new MemoryObjectStore({ clock });
  await store.put("media-records/m1.json", JSON.stringify({ id: "m1", tenantId: "t1", kind: "vod", createdAt: "2026-12-01T00:00:00.000Z" }));
  await store.put("media/m1/720p/0.m4s", new Uint8Array(100));
  const written: UsageRecord[] = [];
  const relay = (relayId: string) => new InventorySchedule({ store, clock, log, relayId, hourUtc: 2, sink: { record: (r) => written.push(r), flush: async () => {} } });
  return { clock, store, written, a: relay("relay-a"), b: relay("relay-b") };
}

describe("InventorySchedule", () => {
  it("waits for its hour, lets one relay of the fleet take the day's inventory, and takes it again the next day", async () => {
    const { clock, written, a, b } = await fleet(Date.UTC(2026, 11, 4, 1, 30));
    expect(await a.runIfDue()).toBe(0);
    clock.advance(3_600_000);
    expect([await a.runIfDue(), await b.runIfDue(), await a.runIfDue()]).toEqual([1, 0, 0]);
    expect(written.map((r) => [r.id, r.bytes, r.mediaType])).toEqual([["inv-2026-12-04-m1", 100, "vod"]]);
    clock.advance(86_400_000);
    expect(await b.runIfDue()).toBe(1);
    expect(written.map((r) => r.id)).toEqual(["inv-2026-12-04-m1", "inv-2026-12-05-m1"]);
  });

  it("takes over a claim whose relay died before it finished", async () => {
    const { clock, store, written, b } = await fleet(Date.UTC(2026, 11, 4, 3));
    await store.put("system/usage-inventory-2026-12-04.json", JSON.stringify({ relayId: "relay-a", state: "running", at: new Date(clock.now()).toISOString() }));
    expect(await b.runIfDue()).toBe(0);
    clock.advance(3_600_000);
    expect(await b.runIfDue()).toBe(1);
    expect(written).toHaveLength(1);
  });
});
