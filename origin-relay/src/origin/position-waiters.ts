/**
 * Blocking requests parked until a playlist position exists (RFC 8216bis §6.2.5.2). Requests for the same
 * key share one promise and one deadline timer, so a thousand viewers waiting on the next part cost one
 * wake-up when it arrives and one timer, not a thousand.
 */
import type { Timers } from "#core/webhooks/timers.ts";

interface Entry {
  ready: () => boolean;
  promise: Promise<boolean>;
  settle: (reached: boolean) => void;
  cancelTimer: () => void;
}

export class PositionWaiters {
  readonly #timers: Timers;
  readonly #entries = new Map<string, Entry>();

  constructor(timers: Timers) {
    this.#timers = timers;
  }

  /** Keys with at least one parked request. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Resolves `true` once `ready()` holds (checked now and at each `check()`), or `false` at `deadline`
   * (epoch ms). A later request for a key already parked joins it and shares its deadline.
   */
  wait(key: string, ready: () => boolean, deadline: number): Promise<boolean> {
    if (ready()) return Promise.resolve(true);
    const existing = this.#entries.get(key);
    if (existing !== undefined) return existing.promise;
    let settle: (reached: boolean) => void = () => undefined;
    const promise = new Promise<boolean>((resolve) => (settle = resolve));
    const entry: Entry = { ready, promise, settle, cancelTimer: () => undefined };
    entry.cancelTimer = this.#timers.schedule(deadline, () => this.#settle(key, entry, false));
    this.#entries.set(key, entry);
    return promise;
  }

  /** Something was added: wakes every key whose position now exists. */
  check(): void {
    for (const [key, entry] of this.#entries) if (entry.ready()) this.#settle(key, entry, true);
  }

  /** The stream ended: every parked request is answered with what there is. */
  releaseAll(): void {
    for (const [key, entry] of this.#entries) this.#settle(key, entry, entry.ready());
  }

  #settle(key: string, entry: Entry, reached: boolean): void {
    if (this.#entries.get(key) !== entry) return;
    this.#entries.delete(key);
    entry.cancelTimer();
    entry.settle(reached);
  }
}
