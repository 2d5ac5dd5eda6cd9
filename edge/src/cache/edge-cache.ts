/**
 * The edge cache port: whole media objects keyed without the token (`<mediaId>/<path>`), so every
 * viewer of a segment shares one entry. Workers use the Cache API (runtime/workers-cache.ts); Node uses
 * a byte-bounded LRU that also coalesces concurrent misses (memory-lru-cache.ts).
 */

export interface CachedObject {
  body: Uint8Array;
  etag: string;
  contentType: string;
  cacheControl: string;
}

/** What a loader returns: the object and how long it may be kept (0: serve it, keep nothing). */
export interface Loaded {
  object: CachedObject;
  ttlMs: number;
}

export interface CacheResult {
  object: CachedObject;
  /** True when no origin request was made for this response. */
  hit: boolean;
}

export interface EdgeCache {
  /** Returns the cached object, or runs `load` on a miss; `undefined` when the origin has no such object. */
  getOrLoad(key: string, load: () => Promise<Loaded | undefined>): Promise<CacheResult | undefined>;
}

/** No caching at all: every request goes to the origin. */
export const noEdgeCache: EdgeCache = {
  async getOrLoad(_key, load) {
    const loaded = await load();
    return loaded && { object: loaded.object, hit: false };
  },
};
