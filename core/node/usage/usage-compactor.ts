/**
 * Runs the compaction job (./usage-compaction-job.ts) on a schedule inside a long-lived process (the
 * relay): one pass at start, then one every `intervalMs`. Passes never overlap; a pass over hours
 * already compacted only lists them, so several relays running it cost little and write the same
 * bytes if they meet on an hour.
 */
import type { Clock } from "#core/clock.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { systemTimers, type Timers } from "#core/webhooks/timers.ts";
import { compactClosedHours, COMPACTION_DEFAULTS, type CompactionPolicy } from "./usage-compaction-job.ts";
import type { HourCompaction } from "./usage-compaction.ts";

export interface UsageCompactorOptions {
  store: ObjectStore;
  clock: Clock;
  policy?: CompactionPolicy;
  /** Time between passes. @default 15 minutes */
  intervalMs?: number;
  timers?: Timers;
  workDir?: string;
  onPass?: (results: HourCompaction[]) => void;
  onError?: (error: unknown) => void;
}

export class UsageCompactor {
  readonly #options: UsageCompactorOptions;
  readonly #timers: Timers;
  #cancel: (() => void) | undefined;
  #running: Promise<void> | undefined;
  #closed = false;

  constructor(options: UsageCompactorOptions) {
    this.#options = options;
    this.#timers = options.timers ?? systemTimers(options.clock);
  }

  start(): void {
    if (this.#closed || this.#running !== undefined || this.#cancel !== undefined) return;
    this.#pass();
  }

  /** Stops scheduling and waits for a pass in progress. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#cancel?.();
    await this.#running;
  }

  #pass(): void {
    this.#cancel = undefined;
    const { store, clock, policy, workDir } = this.#options;
    this.#running = compactClosedHours({ store, clock, policy: policy ?? COMPACTION_DEFAULTS, ...(workDir !== undefined ? { workDir } : {}) })
      .then((results) => this.#options.onPass?.(results), (error: unknown) => this.#options.onError?.(error))
      .finally(() => {
        this.#running = undefined;
        if (!this.#closed) this.#cancel = this.#timers.schedule(clock.now() + (this.#options.intervalMs ?? 15 * 60_000), () => this.#pass());
      });
  }
}
