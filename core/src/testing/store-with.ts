/** Test helpers: `inner` with some calls replaced (a store that fails, stalls or loses answers), every other call passed through. */
import { TributaryError } from "../errors.ts";
import type { ObjectStore } from "../storage/object-store.ts";

export function storeWith(inner: ObjectStore, replaced: Partial<ObjectStore>): ObjectStore {
  return {
    get: (...args) => inner.get(...args),
    head: (...args) => inner.head(...args),
    put: (...args) => inner.put(...args),
    list: (...args) => inner.list(...args),
    delete: (...args) => inner.delete(...args),
    presign: (...args) => inner.presign(...args),
    ...replaced,
  };
}

/**
 * `inner`, with every read (get, head, list) of a key `failing` selects refused as `storage.unavailable`,
 * the way an S3 adapter answers a 5xx or a reset connection. Writes pass through.
 * @example const store = storeWithFailingReads(memory, (key) => key.startsWith("live/"));
 */
export function storeWithFailingReads(inner: ObjectStore, failing: (key: string) => boolean = () => true): ObjectStore {
  const down = (operation: string, key: string) => Promise.reject(new TributaryError("storage.unavailable", `${operation} ${key}: store down`, { details: { key } }));
  return storeWith(inner, {
    get: (key, options) => (failing(key) ? down("get", key) : inner.get(key, options)),
    head: (key) => (failing(key) ? down("head", key) : inner.head(key)),
    list: (options) => (failing(options.prefix) ? down("list", options.prefix) : inner.list(options)),
  });
}
