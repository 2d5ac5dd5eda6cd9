/**
 * Request coalescing in front of the relay: identical requests in flight share one relay request, and
 * a part the relay answered 200 is kept for a while. Every LL-HLS viewer of a stream sends the same
 * blocking reload (`_HLS_msn`/`_HLS_part` of the next part) and then fetches the same part (or its
 * preload hint, held at the relay until the part exists): they all wait on one relay request, and
 * the stragglers who ask after its answer came back get a kept copy. So the relay sees about one
 * request per part and per blocking reload for each edge, however many viewers there are.
 *
 * Parts never change once the relay serves them (a part URI is never reused within a broadcast). A
 * blocking reload's answer is a playlist holding the part it named, which stays true: it is kept
 * briefly, for viewers a moment behind the others (they catch up with their next reload). A plain
 * playlist request is shared only while in flight (its answer is stale at the next part).
 */
import type { Clock } from "#core/clock.ts";
import type { RelayAnswer } from "./relay-answer.ts";

/** What a relay answer is: how long it may be kept once it arrives. */
export type RelayRequestKind = "part" | "blocking-reload" | "playlist";

export interface RelayCoalescerOptions {
  clock: Clock;
  /** How long a part's (or segment's, init segment's) answer is kept after it arrives. */
  keepPartsMs?: number;
  /** How long a blocking reload's answer is kept after it arrives. */
  keepReloadsMs?: number;
  /** Answers kept at most at once (the oldest is dropped first). */
  maxKept?: number;
}

interface Kept {
  answer: RelayAnswer;
  until: number;
}

export class RelayCoalescer {
  readonly #clock: Clock;
  readonly #keepMs: Record<RelayRequestKind, number>;
  readonly #maxKept: number;
  readonly #inFlight = new Map<string, Promise<RelayAnswer>>();
  readonly #kept = new Map<string, Kept>();

  constructor(options: RelayCoalescerOptions) {
    this.#clock = options.clock;
    this.#keepMs = { part: options.keepPartsMs ?? 30_000, "blocking-reload": options.keepReloadsMs ?? 2_000, playlist: 0 };
    this.#maxKept = options.maxKept ?? 4_000;
  }

  /** Requests in flight now (one per distinct key). */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /**
   * The answer for `key` (the full relay URL, query included): a kept answer, the request already in
   * flight for it, or `load()` run once for everyone asking meanwhile. A 200 answer is kept for as
   * long as its `kind` allows.
   */
  get(key: string, kind: RelayRequestKind, load: () => Promise<RelayAnswer>): Promise<RelayAnswer> {
    const kept = this.#kept.get(key);
    if (kept !== undefined) {
      if (kept.until > this.#clock.now()) return Promise.resolve(kept.answer);
      this.#kept.delete(key);
    }
    const pending = this.#inFlight.get(key);
    if (pending !== undefined) return pending;
    const loading = load().then(
      (answer) => {
        this.#inFlight.delete(key);
        if (answer.status === 200 && this.#keepMs[kind] > 0) this.#keep(key, answer, this.#keepMs[kind]);
        return answer;
      },
      (error: unknown) => {
        this.#inFlight.delete(key);
        throw error;
      },
    );
    this.#inFlight.set(key, loading);
    return loading;
  }

  #keep(key: string, answer: RelayAnswer, ms: number): void {
    this.#kept.set(key, { answer, until: this.#clock.now() + ms });
    while (this.#kept.size > this.#maxKept) this.#kept.delete(this.#kept.keys().next().value as string);
  }
}
