import { describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { liveOriginSchema } from "#core/records/schemas.ts";
import { readJson } from "#core/storage/json.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { storeWithPut } from "#core/testing/store-with-put.ts";
import { ManualTimers } from "#core/webhooks/timers.ts";
import { createLogger } from "#core-node/logger.ts";
import { LivePointer, type PointerState } from "./live-pointer.ts";

const state = (s: PointerState["state"]): PointerState => ({
  streamId: "s1", mediaId: "m1", tenantId: "acme", originUrl: "http://10.0.0.5:8080", relayId: "r1",
  startedAt: new Date(0).toISOString(), state: s, latencyMode: "normal",
});

function setup(store: ObjectStore = new MemoryObjectStore()) {
  const clock = new ManualClock(0);
  const timers = new ManualTimers(clock);
  const pointer = new LivePointer({ store, clock, timers, log: createLogger("pointer-test", "silent") }, 10_000);
  const read = async () => (await readJson(store, "live/s1/origin.json", liveOriginSchema))?.value;
  const tick = async (ms: number) => {
    clock.advance(ms);
    timers.runDue();
    await pointer.settled();
  };
  return { clock, timers, pointer, read, tick };
}

describe("LivePointer", () => {
  it("rewrites the pointer with a fresh heartbeat while the broadcast lasts", async () => {
    const { pointer, read, tick } = setup();
    await pointer.write(state("live"));
    expect((await read())?.heartbeatAt).toBe(new Date(0).toISOString());
    await tick(10_000);
    expect((await read())?.heartbeatAt).toBe(new Date(10_000).toISOString());
    await pointer.write(state("reconnecting"));
    await tick(10_000);
    expect(await read()).toMatchObject({ state: "reconnecting", heartbeatAt: new Date(20_000).toISOString() });
  });

  it("stops beating once ended, and a beat queued behind the ended write never lands after it", async () => {
    const memory = new MemoryObjectStore();
    const held: (() => void)[] = [];
    let gated = true;
    const slow = storeWithPut(memory, async (...args) => {
      if (gated) await new Promise<void>((resolve) => held.push(resolve));
      return memory.put(...args);
    });
    const { clock, timers, pointer, read, tick } = setup(slow);
    const first = pointer.write(state("live"));
    clock.advance(10_000);
    timers.runDue(); // a heartbeat is queued behind the first write, which storage holds
    const ended = pointer.write(state("ended"));
    gated = false;
    for (const go of held.splice(0)) go();
    await Promise.all([first, ended, pointer.settled()]);
    expect((await read())?.state).toBe("ended");
    await tick(60_000);
    expect((await read())?.state).toBe("ended");
    expect(timers.nextAt).toBeUndefined();
  });

  it("keeps beating after a failed heartbeat write", async () => {
    const memory = new MemoryObjectStore();
    let failNext = false;
    const flaky = storeWithPut(memory, (...args) => (failNext ? ((failNext = false), Promise.reject(new Error("storage down"))) : memory.put(...args)));
    const { pointer, read, tick } = setup(flaky);
    await pointer.write(state("live"));
    failNext = true;
    await tick(10_000);
    expect((await read())?.heartbeatAt).toBe(new Date(0).toISOString());
    await tick(10_000);
    expect((await read())?.heartbeatAt).toBe(new Date(20_000).toISOString());
  });
});
