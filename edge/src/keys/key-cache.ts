/**
 * Opened content keys kept in the edge's memory for a while: a key id names one key forever, so a
 * player asking again (every viewer of a key period asks once) costs no storage read or AES-GCM open.
 * Misses are not remembered, so forged kids cannot fill the cache; entries live at most `maxAgeMs`.
 */
import type { Clock } from "#core/clock.ts";
import type { DeliverableKey } from "#core/drm/content-key-store.ts";
import type { ContentKeyLookup } from "#core/drm/content-key-store.ts";

export interface KeyCacheOptions {
  maxEntries: number;
  maxAgeMs: number;
}

export const defaultKeyCacheOptions: KeyCacheOptions = { maxEntries: 1_000, maxAgeMs: 60_000 };

export function cachedContentKeys(source: ContentKeyLookup, clock: Clock, options: KeyCacheOptions = defaultKeyCacheOptions): ContentKeyLookup {
  const entries = new Map<string, { key: DeliverableKey; at: number }>();
  return {
    async byKid(mediaId, kid) {
      const name = `${mediaId}/${kid}`;
      const now = clock.now();
      const hit = entries.get(name);
      if (hit !== undefined && now - hit.at < options.maxAgeMs) return hit.key;
      entries.delete(name);
      const key = await source.byKid(mediaId, kid);
      if (key === undefined) return undefined;
      entries.set(name, { key, at: now });
      if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value as string);
      return key;
    },
  };
}
