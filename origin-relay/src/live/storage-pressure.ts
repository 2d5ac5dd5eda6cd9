/**
 * Whether a broadcast's storage is behind: the ordered dispatcher reports crossing its high-water mark
 * (behind) and draining back under half (caught up); listeners, the publishers' flow control, pause
 * and resume reading. A listener added while storage is behind is told at once.
 */
import type { Logger } from "#core-node/logger.ts";

/** Packaged bytes waiting for storage, against the cap past which the publisher is paused. */
export interface StorageBacklog {
  bytes: number;
  /** The deepest the queue has been during the broadcast. */
  peakBytes: number;
  capBytes: number;
}

export class StoragePressure {
  readonly #listeners = new Set<(behind: boolean) => void>();
  readonly #log: Logger;
  readonly #mediaId: string;
  #behind = false;

  constructor(log: Logger, mediaId: string) {
    this.#log = log;
    this.#mediaId = mediaId;
  }

  /** Calls `listener` on every change, and at once when storage is behind already; returns the unsubscribe. */
  subscribe(listener: (behind: boolean) => void): () => void {
    this.#listeners.add(listener);
    if (this.#behind) listener(true);
    return () => void this.#listeners.delete(listener);
  }

  report(behind: boolean, backlogBytes: number): void {
    this.#behind = behind;
    if (behind) this.#log.warn({ mediaId: this.#mediaId, backlogBytes }, "storage is behind: publisher paused until it catches up");
    else this.#log.info({ mediaId: this.#mediaId, backlogBytes }, "storage caught up: publisher resumed");
    for (const listener of this.#listeners) listener(behind);
  }
}
