/** Test helper: `inner` with its `put` replaced (a store that fails, stalls or loses answers), every other call passed through. */
import type { ObjectStore } from "../storage/object-store.ts";

export function storeWithPut(inner: ObjectStore, put: ObjectStore["put"]): ObjectStore {
  return {
    put,
    get: (...args) => inner.get(...args),
    head: (...args) => inner.head(...args),
    list: (...args) => inner.list(...args),
    delete: (...args) => inner.delete(...args),
    presign: (...args) => inner.presign(...args),
  };
}
