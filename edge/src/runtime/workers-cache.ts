/**
 * Workers: the edge cache on the Cache API (`caches.default`), keyed by a synthetic URL built from the
 * token-free key. The Cache API has no request coalescing; Cloudflare's tiered cache covers that.
 */
import type { CachedObject, EdgeCache } from "../cache/edge-cache.ts";

/** The subset of Workers' `Cache` used here. */
export interface CacheLike {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
}

const BASE = "https://edge-cache.tributary.invalid/";

export function workersEdgeCache(cache: CacheLike): EdgeCache {
  return {
    async getOrLoad(key, load) {
      const url = BASE + key;
      const cached = await cache.match(url);
      if (cached !== undefined) return { object: await fromResponse(cached), hit: true };
      const loaded = await load();
      if (loaded === undefined) return undefined;
      if (loaded.ttlMs > 0) await cache.put(url, toResponse(loaded.object, loaded.ttlMs));
      return { object: loaded.object, hit: false };
    },
  };
}

function toResponse(object: CachedObject, ttlMs: number): Response {
  return new Response(object.body as Uint8Array<ArrayBuffer>, {
    headers: {
      "cache-control": `public, max-age=${Math.max(1, Math.floor(ttlMs / 1000))}`,
      "content-type": object.contentType,
      "x-object-etag": object.etag,
      "x-object-cache-control": object.cacheControl,
    },
  });
}

async function fromResponse(response: Response): Promise<CachedObject> {
  return {
    body: new Uint8Array(await response.arrayBuffer()),
    etag: response.headers.get("x-object-etag") ?? "",
    contentType: response.headers.get("content-type") ?? "application/octet-stream",
    cacheControl: response.headers.get("x-object-cache-control") ?? "no-cache",
  };
}
