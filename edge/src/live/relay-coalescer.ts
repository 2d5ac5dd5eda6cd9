/**
 * Request coalescing in front of the relay: identical requests in flight share one relay request, and
 * a part the relay answered 200 is kept for a while. Every LL-HLS viewer of a stream sends the same
 * blocking reload (`_HLS_msn`/`_HLS_part` of the next part) and then fetches the same part (or its
 * preload hint, held at the relay until the part exists): they all wait on one relay request, and
 * the stragglers who ask for a part after its answer came back get the kept copy. So the relay sees
 * about one request per part and per playlist reload for each edge, however many viewers there are.
 *
 * Playlists are shared only while in flight (a finished playlist answer is stale at the next part);
 * parts never change once the relay serves them (a part URI is never reused within a broadcast).
 */
import type { Clock } from "#core/clock.ts";
import type { RelayAnswer } from "./relay-answer.ts";

export interface RelayCoalescerOptions {
  clock: Clock;
  /** How long a part's answer is kept after it arrives. */
  keepPartsMs?: number;
  /** Parts kept at most at once (the oldest is dropped first). */
  maxParts?: number;
}

interface Kept {
  answer: RelayAnswer;
  until: number;
}

/** Playlists and manifests change at every part: their answers are shared in flight only. */
const MUTABLE = /\.(m3u8|mpd)$/;

export class RelayCoalescer {
  readonly #clock: Clock;
  readonly #keepMs: number;
  readonly #maxParts: number;
  readonly #inFlight = new Map<string, Promise<RelayAnswer>>();
  readonly #parts = new Map<string, Kept>();

  constructor(options: RelayCoalescerOptions) {
    this.#clock = options.clock;
    this.#keepMs = options.keepPartsMs ?? 30_000;
    this.#maxParts = options.maxParts ?? 2_000;
  }

  /** Requests in flight now (one per distinct key). */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /**
   * The answer for `key` (the full relay URL, query included): a kept part, the request already in
   * flight for it, or `load()` run once for everyone asking meanwhile. `path` says whether the answer
   * may be kept once it arrives.
   */
  get(key: string, path: string, load: () => Promise<RelayAnswer>): Promise<RelayAnswer> {
    const kept = this.#parts.get(key);
    if (kept !== undefined) {
      if (kept.until > this.#clock.now()) return Promise.resolve(kept.answer);
      this.#parts.delete(key);
    }
    const pending = this.#inFlight.get(key);
    if (pending !== undefined) return pending;
    const loading = load().then(
      (answer) => {
        this.#inFlight.delete(key);
        if (answer.status === 200 && !MUTABLE.test(path)) this.#keep(key, answer);
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

  #keep(key: string, answer: RelayAnswer): void {
    this.#parts.set(key, { answer, until: this.#clock.now() + this.#keepMs });
    while (this.#parts.size > this.#maxParts) this.#parts.delete(this.#parts.keys().next().value as string);
  }
}
