/**
 * Asset events from a process that runs no webhook dispatcher (the edge): each goes straight into the
 * outbox, which the relay's dispatcher sweeps (core/src/webhooks/dispatcher.ts).
 */
import { cryptoRandom, systemClock, type Clock, type Random } from "../clock.ts";
import { newId } from "../records/ids.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { writeOutboxEvent } from "../webhooks/outbox-entries.ts";
import type { AssetEvents } from "./asset-state.ts";

export function outboxAssetEvents(store: ObjectStore, onError: (error: unknown) => void, clock: Clock = systemClock, random: Random = cryptoRandom): AssetEvents {
  return {
    enqueue(tenantId, type, data) {
      const event = { id: newId(clock, random), type, createdAt: new Date(clock.now()).toISOString(), tenantId, data };
      writeOutboxEvent(store, event).catch(onError);
      return event;
    },
  };
}

/** Outbox events whose writes the caller awaits (a Lambda, which may freeze once it returns). */
export function awaitedOutboxEvents(store: ObjectStore, clock: Clock = systemClock, random: Random = cryptoRandom): AssetEvents & { settled(): Promise<void> } {
  const writes: Promise<void>[] = [];
  return {
    enqueue(tenantId, type, data) {
      const event = { id: newId(clock, random), type, createdAt: new Date(clock.now()).toISOString(), tenantId, data };
      writes.push(writeOutboxEvent(store, event));
      return event;
    },
    async settled() {
      await Promise.all(writes);
    },
  };
}
