import { gunzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { ManualClock } from "../src/clock.ts";
import { MemoryObjectStore } from "../src/storage/memory-object-store.ts";
import type { UsageRecord } from "../src/usage/usage-record.ts";
import { NdjsonUsageSink } from "./usage-ndjson-sink.ts";

const clock = new ManualClock(Date.UTC(2026, 10, 26, 13, 5));
const record = (i: number): UsageRecord => ({ id: `r${i}`, at: new Date(clock.now()).toISOString(), source: "edge", mediaId: "media1", kind: "segment", bytes: i, status: 200, cacheHit: false });

async function objects(store: MemoryObjectStore): Promise<Record<string, UsageRecord[]>> {
  const page = await store.list({ prefix: "usage/" });
  const out: Record<string, UsageRecord[]> = {};
  for (const { key } of page.objects) {
    const object = await store.get(key);
    const text = gunzipSync(new Uint8Array(await new Response(object?.body).arrayBuffer())).toString();
    out[key] = text.trimEnd().split("\n").map((line) => JSON.parse(line) as UsageRecord);
  }
  return out;
}

describe("NdjsonUsageSink", () => {
  it("batches by size and on close into gzip NDJSON objects under the usage key layout", async () => {
    const store = new MemoryObjectStore({ clock });
    const sink = new NdjsonUsageSink({ store, clock, instance: "edge-a", maxRecords: 3, flushIntervalMs: 3_600_000 });
    for (let i = 0; i < 4; i++) sink.record(record(i));
    await sink.flush();
    expect(Object.keys(await objects(store))).toEqual(["usage/edge/2026/11/26/13/edge-a-0.ndjson.gz", "usage/edge/2026/11/26/13/edge-a-1.ndjson.gz"]);
    sink.record(record(9));
    await sink.close();
    const written = await objects(store);
    expect(written["usage/edge/2026/11/26/13/edge-a-0.ndjson.gz"]?.map((r) => r.id)).toEqual(["r0", "r1", "r2"]);
    expect(written["usage/edge/2026/11/26/13/edge-a-1.ndjson.gz"]?.map((r) => r.id)).toEqual(["r3"]);
    expect(written["usage/edge/2026/11/26/13/edge-a-2.ndjson.gz"]?.map((r) => r.id)).toEqual(["r9"]);
  });

  it("never writes per request and keeps records when a write fails", async () => {
    const store = new MemoryObjectStore({ clock });
    let puts = 0;
    let fail = true;
    const flaky = Object.assign(Object.create(store) as MemoryObjectStore, {
      put: (...args: Parameters<MemoryObjectStore["put"]>) => {
        puts += 1;
        if (fail) return Promise.reject(new Error("down"));
        return store.put(...args);
      },
    });
    const errors: unknown[] = [];
    const sink = new NdjsonUsageSink({ store: flaky, clock, instance: "edge-b", flushIntervalMs: 3_600_000, onError: (e) => errors.push(e) });
    for (let i = 0; i < 100; i++) sink.record(record(i));
    expect(puts).toBe(0);
    await sink.flush();
    expect(errors).toHaveLength(1);
    fail = false;
    await sink.close();
    const written = Object.values(await objects(store));
    expect(written).toHaveLength(1);
    expect(written[0]).toHaveLength(100);
  });

  it("files each record under its own source and the hour it describes, not the hour it arrived", async () => {
    const store = new MemoryObjectStore({ clock });
    const sink = new NdjsonUsageSink({ store, clock, instance: "relay-a", flushIntervalMs: 3_600_000 });
    sink.record(record(1));
    sink.record({ ...record(2), at: "2026-11-26T11:59:59.999Z" });
    sink.record({ ...record(3), source: "inventory", kind: "storage", at: "2026-11-26T00:00:00.000Z" });
    clock.advance(2 * 3_600_000);
    await sink.close();
    const written = await objects(store);
    expect(Object.fromEntries(Object.entries(written).map(([key, records]) => [key.replace(/-\d+\.ndjson\.gz$/, ""), records.map((r) => r.id)]))).toEqual({
      "usage/edge/2026/11/26/13/relay-a": ["r1"],
      "usage/edge/2026/11/26/11/relay-a": ["r2"],
      "usage/inventory/2026/11/26/00/relay-a": ["r3"],
    });
    expect(new Set(Object.keys(written)).size).toBe(3);
  });

  it("writes what it holds once per batch window without being asked, so a crash loses at most one window", async () => {
    // Only the sink's interval is faked; compression and writes run for real and are awaited below.
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const store = new MemoryObjectStore({ clock });
      const sink = new NdjsonUsageSink({ store, clock, instance: "edge-c", flushIntervalMs: 60_000 });
      sink.record(record(1));
      vi.advanceTimersByTime(59_999);
      expect(Object.keys(await objects(store))).toEqual([]);
      vi.advanceTimersByTime(1);
      await vi.waitFor(async () => expect(Object.keys(await objects(store))).toHaveLength(1));
      sink.record(record(2));
      vi.advanceTimersByTime(60_000);
      await vi.waitFor(async () => expect(Object.keys(await objects(store))).toHaveLength(2));
      expect(Object.values(await objects(store)).map((records) => records.map((r) => r.id))).toEqual([["r1"], ["r2"]]);
      await sink.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
