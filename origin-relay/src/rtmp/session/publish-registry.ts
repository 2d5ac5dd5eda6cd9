/**
 * Which connection publishes each live stream. A second publisher is refused while the first is
 * alive, but a holder that has gone silent for `takeoverIdleMs` is evicted: an encoder that lost its
 * network reconnects before the server notices the old socket died (the "already publishing" bug).
 */
import type { Clock } from "#core/clock.ts";

export interface PublishHolder {
  /** Clock time of the last byte received from this publisher. */
  readonly lastActivityAt: number;
  /** Ends the holder's publish and closes its connection. */
  evict(reason: string): void;
}

export type ClaimResult = "claimed" | "taken-over" | "busy";

export class PublishRegistry {
  readonly #holders = new Map<string, PublishHolder>();
  readonly #clock: Clock;
  readonly #takeoverIdleMs: number;

  constructor(clock: Clock, takeoverIdleMs: number) {
    this.#clock = clock;
    this.#takeoverIdleMs = takeoverIdleMs;
  }

  claim(streamId: string, holder: PublishHolder): ClaimResult {
    const current = this.#holders.get(streamId);
    if (current === holder) return "claimed";
    if (current && this.#clock.now() - current.lastActivityAt < this.#takeoverIdleMs) return "busy";
    this.#holders.set(streamId, holder);
    if (!current) return "claimed";
    current.evict("taken over by a new publisher after going silent");
    return "taken-over";
  }

  /** Releases `streamId` if `holder` still holds it. */
  release(streamId: string, holder: PublishHolder): void {
    if (this.#holders.get(streamId) === holder) this.#holders.delete(streamId);
  }

  has(streamId: string): boolean {
    return this.#holders.has(streamId);
  }
}
