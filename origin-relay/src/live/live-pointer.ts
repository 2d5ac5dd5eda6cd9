/**
 * `live/<streamId>/origin.json`: the relay's claim on a broadcast, so the edge routes to this relay
 * without shared state. While the broadcast lasts the pointer is rewritten every heartbeat
 * (platform/layout.ts LIVE_POINTER), so readers can tell a running broadcast from one whose relay
 * died. Writes are serialized: a heartbeat in flight can never land after the `ended` pointer.
 */
import type { Clock } from "#core/clock.ts";
import { LIVE_POINTER } from "#core/platform/layout.ts";
import { liveOriginSchema, type LiveOrigin } from "#core/records/schemas.ts";
import { keys } from "#core/storage/keys.ts";
import { retryWrite } from "#core/storage/write-retry.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { Timers } from "#core/webhooks/timers.ts";
import type { Logger } from "#core-node/logger.ts";

export type PointerState = Omit<LiveOrigin, "heartbeatAt">;

export class LivePointer {
  readonly #store: ObjectStore;
  readonly #clock: Clock;
  readonly #timers: Timers;
  readonly #log: Logger;
  readonly #heartbeatMs: number;
  #current: PointerState | undefined;
  #writes: Promise<void> = Promise.resolve();
  #cancelBeat: (() => void) | undefined;

  constructor(deps: { store: ObjectStore; clock: Clock; timers: Timers; log: Logger }, heartbeatMs: number = LIVE_POINTER.heartbeatMs) {
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#timers = deps.timers;
    this.#log = deps.log;
    this.#heartbeatMs = heartbeatMs;
  }

  /** Writes `pointer` after every earlier write; heartbeats follow until it is `ended`. */
  write(pointer: PointerState): Promise<void> {
    this.#current = pointer;
    this.#cancelBeat?.();
    this.#cancelBeat = undefined;
    const written = this.#enqueue(pointer);
    if (pointer.state !== "ended") this.#scheduleBeat();
    return written;
  }

  /** Resolves once every write started so far has landed or failed. */
  settled(): Promise<void> {
    return this.#writes;
  }

  /** Stops the heartbeat without writing (the relay is closing and another write follows, or none). */
  stop(): void {
    this.#cancelBeat?.();
    this.#cancelBeat = undefined;
  }

  #scheduleBeat(): void {
    this.#cancelBeat = this.#timers.schedule(this.#clock.now() + this.#heartbeatMs, () => {
      this.#cancelBeat = undefined;
      const current = this.#current;
      if (current === undefined || current.state === "ended") return;
      this.#enqueue(current).catch((error: unknown) => this.#log.warn({ err: error, streamId: current.streamId }, "live pointer heartbeat not written"));
      this.#scheduleBeat();
    });
  }

  #enqueue(pointer: PointerState): Promise<void> {
    const run = this.#writes.then(async () => {
      // A heartbeat queued behind a newer state change is dropped: only the newest state is rewritten.
      // A store that cannot take the write is tried again until a newer state supersedes it.
      await retryWrite(async () => {
        if (pointer !== this.#current) return;
        const heartbeatAt = new Date(this.#clock.now()).toISOString();
        await this.#store.put(keys.liveOrigin(pointer.streamId), JSON.stringify(liveOriginSchema.parse({ ...pointer, heartbeatAt })), {
          contentType: "application/json",
          cacheControl: "no-store",
        });
      });
    });
    this.#writes = run.catch(() => undefined);
    return run;
  }
}
