/**
 * Delivers webhook events at least once, through the outbox in object storage (outbox-entries.ts), so
 * a restart loses nothing: `enqueue` writes the event to the outbox and returns at once (ingest is never
 * held up), and sweeps fan events out and claim due deliveries, each attempted on its own so one
 * failing endpoint never delays another. Any number of relays may run a dispatcher over one store;
 * claims keep them off each other's attempts. Retries follow the `RetryPolicy` backoff; every attempt
 * is recorded in the delivery record the API shows.
 */
import { cryptoRandom, systemClock, type Clock, type Random } from "../clock.ts";
import { newId } from "../records/ids.ts";
import { readJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import type { WebhookEvent, WebhookEventType } from "./events.ts";
import { fanOutEvent } from "./fan-out.ts";
import { claimOutboxDelivery, claimable, claimableAt, outboxDeliverySchema, outboxEventSchema, writeOutboxEvent } from "./outbox-entries.ts";
import { assertOutboxPolicy, defaultOutboxPolicy, type OutboxPolicy } from "./outbox-policy.ts";
import { defaultRetryPolicy, type RetryPolicy } from "./retry-policy.ts";
import { systemTimers, type Timers } from "./timers.ts";
import type { WebhookTransport } from "./transport.ts";
import { workDelivery, type DeliveryWorkContext } from "./work-delivery.ts";

/** Outbox entries whose due time a worker remembers, so a sweep lists them without reading each again. */
const MAX_KNOWN_ENTRIES = 10_000;

export interface WebhookDispatcherOptions {
  store: ObjectStore;
  /** How attempts go out; on Node, core/node/webhook-transport.ts (which refuses forbidden targets). */
  transport: WebhookTransport;
  clock?: Clock;
  random?: Random;
  policy?: RetryPolicy;
  outbox?: OutboxPolicy;
  timers?: Timers;
  /** Told about failures of the dispatcher itself (storage down), which no caller waits for. */
  onError?: (error: unknown) => void;
}

export class WebhookDispatcher {
  readonly #store: ObjectStore;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #outbox: OutboxPolicy;
  readonly #timers: Timers;
  readonly #onError: (error: unknown) => void;
  readonly #work: DeliveryWorkContext;
  /** This worker's name in the leases it takes. */
  readonly #owner: string;
  readonly #inFlight = new Set<Promise<void>>();
  /** Outbox keys this worker holds a claim on right now. */
  readonly #held = new Set<string>();
  #started = false;
  #closed = false;
  #sweeping = false;
  #sweepAgain = false;
  /** A sweep left due deliveries unclaimed because `maxInFlight` were held. */
  #saturated = false;
  /** Where the next sweep continues listing deliveries; undefined: from the start. */
  #cursor: string | undefined;
  #wake: { at: number; cancel: () => void } | undefined;
  /** Entries read before, by key: their etag then and when they become claimable. */
  readonly #known = new Map<string, { etag: string; at: number }>();

  constructor(options: WebhookDispatcherOptions) {
    this.#store = options.store;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? cryptoRandom;
    this.#outbox = options.outbox ?? defaultOutboxPolicy;
    const policy = options.policy ?? defaultRetryPolicy;
    assertOutboxPolicy(this.#outbox, policy);
    this.#timers = options.timers ?? systemTimers(this.#clock);
    this.#onError = options.onError ?? (() => {});
    this.#work = { store: this.#store, clock: this.#clock, policy, transport: options.transport };
    this.#owner = newId(this.#clock, this.#random);
  }

  /** Starts sweeping: everything already due in the outbox (left by a crash or another relay) goes first. */
  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.#sweep();
  }

  /**
   * Writes `type` to the outbox for every endpoint of the tenant subscribed to it; returns the event at
   * once. Once the write has landed, the event survives a crash.
   * @example dispatcher.enqueue(stream.tenantId, "stream.live", { streamId, mediaId });
   */
  enqueue(tenantId: string, type: WebhookEventType, data: Record<string, unknown>): WebhookEvent {
    const event: WebhookEvent = { id: newId(this.#clock, this.#random), type, createdAt: new Date(this.#clock.now()).toISOString(), tenantId, data };
    this.#track((async () => {
      await writeOutboxEvent(this.#store, event);
      this.#sweep();
    })());
    return event;
  }

  /** Resolves when nothing is being written, swept or attempted right now (scheduled wake-ups do not count). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
  }

  /** Stops sweeping and waits for attempts in flight; what is left stays in the outbox for the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#wake?.cancel();
    this.#wake = undefined;
    await this.idle();
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch(this.#onError).finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  /** Sweeps now, or right after the sweep in progress. */
  #sweep(): void {
    if (!this.#started || this.#closed) return;
    if (this.#sweeping) {
      this.#sweepAgain = true;
      return;
    }
    this.#sweeping = true;
    this.#track(
      this.#sweepOnce()
        .then((nextAt) => this.#wakeAt(nextAt), (error: unknown) => {
          this.#wakeAt(this.#clock.now() + this.#outbox.pollIntervalMs);
          throw error;
        })
        .finally(() => {
          this.#sweeping = false;
          if (this.#sweepAgain) {
            this.#sweepAgain = false;
            this.#sweep();
          }
        }),
    );
  }

  /** Schedules a sweep at `at`, unless one is scheduled sooner. */
  #wakeAt(at: number): void {
    if (this.#closed || (this.#wake !== undefined && this.#wake.at <= at)) return;
    this.#wake?.cancel();
    const cancel = this.#timers.schedule(at, () => {
      if (this.#wake?.cancel === cancel) this.#wake = undefined;
      this.#sweep();
    });
    this.#wake = { at, cancel };
  }

  /** One bounded sweep; returns when the next one should run. */
  async #sweepOnce(): Promise<number> {
    const now = this.#clock.now();
    const budget = this.#outbox.maxEntriesPerSweep;
    const events = await this.#store.list({ prefix: keys.webhookOutboxEvents(), limit: budget });
    for (const object of events.objects) {
      await this.#each(async () => {
        const stored = (await readJson(this.#store, object.key, outboxEventSchema))?.value;
        if (stored !== undefined) await fanOutEvent(this.#store, stored.event, this.#clock.now());
      });
    }
    const scanned = await this.#scanDeliveries(budget - events.objects.length, now);
    return events.cursor === undefined ? scanned : now;
  }

  /** Runs one entry's work; a failing entry is reported and never stops the rest of the sweep. */
  async #each(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.#onError(error);
    }
  }

  /** Reads up to `budget` delivery entries from where the last sweep stopped and claims the due ones. */
  async #scanDeliveries(budget: number, now: number): Promise<number> {
    let nextAt = now + this.#outbox.pollIntervalMs;
    let listed = 0;
    while (listed < budget) {
      const page = await this.#store.list({ prefix: keys.webhookOutboxDeliveries(), limit: Math.min(budget - listed, 1000), ...(this.#cursor === undefined ? {} : { cursor: this.#cursor }) });
      this.#cursor = page.cursor;
      listed += page.objects.length;
      for (const object of page.objects) {
        if (this.#held.has(object.key)) continue;
        // An entry unchanged since we last read it (same etag in the listing) is not read again before it is due.
        const known = this.#known.get(object.key);
        if (known !== undefined && known.etag === object.etag && known.at > now) {
          nextAt = Math.min(nextAt, known.at);
          continue;
        }
        await this.#each(async () => {
          const entry = (await readJson(this.#store, object.key, outboxDeliverySchema))?.value;
          if (entry === undefined) return;
          this.#remember(object.key, object.etag, claimableAt(entry));
          if (!claimable(entry, now)) nextAt = Math.min(nextAt, claimableAt(entry));
          else if (this.#held.size >= this.#outbox.maxInFlight) this.#saturated = true;
          else this.#claim(object.key);
        });
      }
      if (page.cursor === undefined) return nextAt;
    }
    // Entries are left unread: carry on at once, from the cursor.
    return now;
  }

  /** Remembers when an entry is next claimable; the memory is bounded and simply starts over when full. */
  #remember(key: string, etag: string, at: number): void {
    if (this.#known.size >= MAX_KNOWN_ENTRIES) this.#known.clear();
    this.#known.set(key, { etag, at });
  }

  #claim(key: string): void {
    this.#held.add(key);
    this.#track(
      (async () => {
        const claim = await claimOutboxDelivery(this.#store, key, this.#owner, this.#clock.now(), this.#outbox.leaseMs);
        if (claim === undefined) return;
        const dueAt = await workDelivery(this.#work, claim);
        if (dueAt !== undefined) this.#wakeAt(dueAt);
      })().finally(() => {
        this.#held.delete(key);
        // A sweep that found more due than it could take looks again as soon as there is room.
        if (this.#saturated) {
          this.#saturated = false;
          this.#sweep();
        }
      }),
    );
  }
}
