import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock.ts";
import { TributaryError } from "../errors.ts";
import { readJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import { MemoryObjectStore } from "../storage/memory-object-store.ts";
import { storeWithPut } from "../testing/store-with-put.ts";
import type { WebhookDelivery } from "./deliveries.ts";
import { addOutboxDelivery, claimOutboxDelivery, claimable, claimableAt, outboxDeliverySchema, releaseOutboxDelivery, writeOutboxEvent } from "./outbox-entries.ts";
import { defaultRetryPolicy } from "./retry-policy.ts";
import { afterAttempt } from "./work-delivery.ts";

const LEASE = 60_000;

async function setup() {
  const clock = new ManualClock();
  const store = new MemoryObjectStore({ clock });
  await addOutboxDelivery(store, { tenantId: "acme", endpointId: "ep1", deliveryId: "d1", dueAt: clock.now() });
  return { clock, store, key: keys.webhookOutboxDelivery("acme", "ep1", "d1") };
}

describe("outbox claims", () => {
  it("lets one worker claim a due entry; a second claim fails while the lease holds", async () => {
    const { clock, store, key } = await setup();
    const first = await claimOutboxDelivery(store, key, "worker-a", clock.now(), LEASE);
    expect(first?.entry.lease).toEqual({ owner: "worker-a", since: clock.now(), until: clock.now() + LEASE });
    expect(first?.expired).toBeUndefined();
    expect(await claimOutboxDelivery(store, key, "worker-b", clock.now(), LEASE)).toBeUndefined();
    clock.advance(LEASE - 1);
    expect(await claimOutboxDelivery(store, key, "worker-b", clock.now(), LEASE)).toBeUndefined();
  });

  it("hands an expired lease to the next worker, which learns of it, and the old holder's release then fails", async () => {
    const { clock, store, key } = await setup();
    const stale = await claimOutboxDelivery(store, key, "worker-a", clock.now(), LEASE);
    clock.advance(LEASE);
    const taken = await claimOutboxDelivery(store, key, "worker-b", clock.now(), LEASE);
    if (stale === undefined || taken === undefined) throw new Error("both claims should have succeeded");
    expect(taken.expired?.owner).toBe("worker-a");
    expect(await releaseOutboxDelivery(store, stale, clock.now() + 1_000, 1)).toBe(false);
    expect(await releaseOutboxDelivery(store, taken, clock.now() + 1_000, 1)).toBe(true);
    expect((await readJson(store, key, outboxDeliverySchema))?.value).toEqual({ tenantId: "acme", endpointId: "ep1", deliveryId: "d1", dueAt: clock.now() + 1_000, attempts: 1 });
  });

  it("of two workers racing for one entry, exactly one wins", async () => {
    const { clock, store, key } = await setup();
    const claims = await Promise.all(["a", "b", "c", "d"].map((owner) => claimOutboxDelivery(store, key, owner, clock.now(), LEASE)));
    expect(claims.filter((claim) => claim !== undefined)).toHaveLength(1);
  });

  it("does not claim an entry before it is due, and says when it will be", async () => {
    const { clock, store, key } = await setup();
    const claim = await claimOutboxDelivery(store, key, "worker-a", clock.now(), LEASE);
    if (claim === undefined) throw new Error("claim should have succeeded");
    await releaseOutboxDelivery(store, claim, clock.now() + 30_000, 1);
    const entry = (await readJson(store, key, outboxDeliverySchema))?.value;
    if (entry === undefined) throw new Error("entry should exist");
    expect(claimable(entry, clock.now() + 29_999)).toBe(false);
    expect(claimableAt(entry)).toBe(clock.now() + 30_000);
    expect(await claimOutboxDelivery(store, key, "worker-b", clock.now(), LEASE)).toBeUndefined();
    clock.advance(30_000);
    expect(await claimOutboxDelivery(store, key, "worker-b", clock.now(), LEASE)).toBeDefined();
  });

  it("fans out only once: adding an entry that exists keeps the existing one", async () => {
    const { clock, store, key } = await setup();
    await claimOutboxDelivery(store, key, "worker-a", clock.now(), LEASE);
    await addOutboxDelivery(store, { tenantId: "acme", endpointId: "ep1", deliveryId: "d1", dueAt: clock.now() });
    expect((await readJson(store, key, outboxDeliverySchema))?.value.lease?.owner).toBe("worker-a");
  });
});

describe("afterAttempt", () => {
  const event = { id: "e1", type: "stream.live" as const, createdAt: new Date(0).toISOString(), tenantId: "acme", data: {} };
  const pending: WebhookDelivery = { id: "e1", endpointId: "ep1", tenantId: "acme", url: "https://hooks.example.com/", event, state: "pending", attempts: [] };
  const at = (ms: number) => new Date(ms).toISOString();

  it("schedules the next attempt by the backoff, from the first attempt's time", () => {
    const once = afterAttempt(defaultRetryPolicy, pending, { at: at(0), status: 503, durationMs: 1 });
    expect(once).toMatchObject({ state: "pending", nextAttemptAt: at(30_000) });
    const twice = afterAttempt(defaultRetryPolicy, once, { at: at(30_000), error: "timeout", durationMs: 1 });
    expect(twice).toMatchObject({ state: "pending", nextAttemptAt: at(90_000) });
  });

  it("succeeds on a 2xx, fails after the last attempt, and never reopens a finished delivery", () => {
    const done = afterAttempt(defaultRetryPolicy, pending, { at: at(0), status: 200, durationMs: 1 });
    expect(done.state).toBe("succeeded");
    expect(done.nextAttemptAt).toBeUndefined();
    const last = afterAttempt({ ...defaultRetryPolicy, maxAttempts: 1 }, pending, { at: at(0), status: 500, durationMs: 1 });
    expect(last.state).toBe("failed");
    const late = afterAttempt(defaultRetryPolicy, done, { at: at(1), status: 503, durationMs: 1 });
    expect(late).toMatchObject({ state: "succeeded" });
    expect(late.attempts).toHaveLength(2);
  });
});

describe("writeOutboxEvent", () => {
  it("retries a store that cannot take the write, and a retry of a write that landed is harmless", async () => {
    const memory = new MemoryObjectStore();
    let failures = 2;
    let lands = true;
    const flaky = storeWithPut(memory, async (...args) => {
      if (failures-- > 0) {
        if (lands) await memory.put(...args); // landed, but the answer was lost
        throw new TributaryError("storage.unavailable", "object store put failed with HTTP 500");
      }
      return memory.put(...args);
    });
    const event = { id: "evt1", type: "stream.live" as const, createdAt: new Date(0).toISOString(), tenantId: "acme", data: {} };
    await writeOutboxEvent(flaky, event, { attempts: 4, initialDelayMs: 0, maxDelayMs: 0, wait: async () => undefined });
    expect((await readJson(memory, keys.webhookOutboxEvent("evt1")))?.value).toEqual({ event });
    failures = 10;
    lands = false;
    await expect(writeOutboxEvent(flaky, { ...event, id: "evt2" }, { attempts: 3, initialDelayMs: 0, maxDelayMs: 0, wait: async () => undefined })).rejects.toMatchObject({ code: "storage.unavailable" });
  });
});
