/**
 * Remembers reads from storage for `ttlMs`, keyed by name, so a hot lookup (a tenant's keys, a
 * tenant's key provider) reads storage once per TTL. A failed read (storage down, a record that does
 * not parse) is not remembered: the next lookup reads again. At most `maxEntries` are kept, oldest
 * dropped first.
 * @example const memo = readMemo<Config | undefined>(30_000); memo("t:acme", () => readConfig("acme"));
 */
export function readMemo<T>(ttlMs: number, now: () => number = Date.now, maxEntries = 10_000): (key: string, load: () => Promise<T>) => Promise<T> {
  const cache = new Map<string, { at: number; value: Promise<T> }>();
  return (key, load) => {
    const hit = cache.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.value;
    const value = load();
    const entry = { at: now(), value };
    cache.set(key, entry);
    value.catch(() => {
      if (cache.get(key) === entry) cache.delete(key);
    });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
    return value;
  };
}
