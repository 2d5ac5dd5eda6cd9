/**
 * A byte-bounded LRU of media objects for the Node edge, honouring each entry's TTL, with request
 * coalescing: concurrent misses for one key share a single origin load (the followers count as hits).
 */
import type { Clock } from "#core/clock.ts";
import type { CacheResult, CachedObject, EdgeCache, Loaded } from "./edge-cache.ts";

export interface MemoryLruOptions {
  /** Total body bytes kept. */
  maxBytes: number;
  /** Objects larger than this are served but never kept. */
  maxObjectBytes?: number;
  clock: Clock;
}

interface Entry {
  object: CachedObject;
  expiresAt: number;
}

export class MemoryLruCache implements EdgeCache {
  readonly #entries = new Map<string, Entry>();
  readonly #inflight = new Map<string, Promise<Loaded | undefined>>();
  readonly #maxBytes: number;
  readonly #maxObjectBytes: number;
  readonly #clock: Clock;
  #bytes = 0;

  constructor(options: MemoryLruOptions) {
    if (!Number.isInteger(options.maxBytes) || options.maxBytes <= 0) throw new TypeError("maxBytes must be a positive integer");
    this.#maxBytes = options.maxBytes;
    this.#maxObjectBytes = Math.min(options.maxObjectBytes ?? options.maxBytes / 8, options.maxBytes);
    this.#clock = options.clock;
  }

  /** Bytes currently held. */
  get size(): number {
    return this.#bytes;
  }

  async getOrLoad(key: string, load: () => Promise<Loaded | undefined>): Promise<CacheResult | undefined> {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      if (entry.expiresAt > this.#clock.now()) {
        this.#entries.delete(key);
        this.#entries.set(key, entry);
        return { object: entry.object, hit: true };
      }
      this.#remove(key, entry);
    }
    const pending = this.#inflight.get(key);
    if (pending !== undefined) {
      const loaded = await pending;
      return loaded && { object: loaded.object, hit: true };
    }
    const loading = load().finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, loading);
    const loaded = await loading;
    if (loaded === undefined) return undefined;
    this.#keep(key, loaded);
    return { object: loaded.object, hit: false };
  }

  #keep(key: string, loaded: Loaded): void {
    const size = loaded.object.body.byteLength;
    if (loaded.ttlMs <= 0 || size > this.#maxObjectBytes) return;
    const old = this.#entries.get(key);
    if (old !== undefined) this.#remove(key, old);
    this.#entries.set(key, { object: loaded.object, expiresAt: this.#clock.now() + loaded.ttlMs });
    this.#bytes += size;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#remove(oldest, entry);
    }
  }

  #remove(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#bytes -= entry.object.body.byteLength;
  }
}
