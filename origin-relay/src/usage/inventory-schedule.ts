/**
 * Takes the storage inventory once a day from the relay fleet: after `hourUtc` each day, the first
 * relay to claim `system/usage-inventory-<yyyy-mm-dd>.json` (a conditional put) takes it and writes
 * its records to the usage sink. A claim left running for `leaseMs` (its relay died) is taken over.
 * Records carry the day and media id as their id, so even an inventory taken twice counts once.
 */
import { z } from "zod";
import type { Clock } from "#core/clock.ts";
import { isTributaryError } from "#core/errors.ts";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { takeStorageInventory } from "#core/usage/storage-inventory.ts";
import type { UsageSink } from "#core/usage/usage-record.ts";
import type { Logger } from "#core-node/logger.ts";

export interface InventoryScheduleOptions {
  store: ObjectStore;
  sink: UsageSink;
  clock: Clock;
  log: Logger;
  /** Names this relay in the claim. */
  relayId: string;
  /** UTC hour from which the day's inventory is due. */
  hourUtc: number;
  /** How often the relay looks whether the inventory is due. */
  checkIntervalMs?: number;
  /** A running claim older than this belongs to a relay that died. */
  leaseMs?: number;
}

const claimSchema = z.object({ relayId: z.string(), state: z.enum(["running", "done"]), at: z.iso.datetime(), records: z.number().int().optional() });

export class InventorySchedule {
  readonly #options: Required<InventoryScheduleOptions>;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(options: InventoryScheduleOptions) {
    this.#options = { checkIntervalMs: 600_000, leaseMs: 3_600_000, ...options };
  }

  start(): void {
    this.#timer = setInterval(() => void this.runIfDue(), this.#options.checkIntervalMs);
    this.#timer.unref();
    void this.runIfDue();
  }

  /** Takes today's inventory when it is due and no other relay has; returns the records written (0 when not taken). */
  runIfDue(): Promise<number> {
    const run = this.#running.then(() => this.#runIfDue());
    this.#running = run.catch((error: unknown) => this.#options.log.warn({ err: error }, "storage inventory failed"));
    return run;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  async #runIfDue(): Promise<number> {
    const { store, clock, sink } = this.#options;
    const now = new Date(clock.now());
    if (now.getUTCHours() < this.#options.hourUtc) return 0;
    const key = keys.system(`usage-inventory-${now.toISOString().slice(0, 10)}`);
    const etag = await this.#claim(key, now);
    if (etag === undefined) return 0;
    const records = await takeStorageInventory(store, now);
    for (const record of records) sink.record(record);
    await sink.flush();
    await store.put(key, JSON.stringify({ relayId: this.#options.relayId, state: "done", at: new Date(clock.now()).toISOString(), records: records.length }), { ifMatch: etag, contentType: "application/json" });
    this.#options.log.info({ records: records.length }, "storage inventory taken");
    return records.length;
  }

  /** The claim's etag once this relay holds it; undefined when the day's inventory is done or another relay's claim is current. */
  async #claim(key: string, now: Date): Promise<string | undefined> {
    const claim = JSON.stringify({ relayId: this.#options.relayId, state: "running", at: now.toISOString() });
    const current = await readJson(this.#options.store, key, claimSchema);
    if (current?.value.state === "done") return undefined;
    if (current !== undefined && now.getTime() - Date.parse(current.value.at) < this.#options.leaseMs) return undefined;
    try {
      const put = await this.#options.store.put(key, claim, { contentType: "application/json", ...(current === undefined ? { ifNoneMatch: "*" } : { ifMatch: current.etag }) });
      return put.etag;
    } catch (error) {
      if (isTributaryError(error, "storage.precondition_failed")) return undefined;
      throw error;
    }
  }
}
