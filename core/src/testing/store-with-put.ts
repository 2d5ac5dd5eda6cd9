/** Test helper: `inner` with its `put` replaced (a store that fails, stalls or loses answers), every other call passed through. */
import type { ObjectStore } from "../storage/object-store.ts";
import { storeWith } from "./store-with.ts";

export function storeWithPut(inner: ObjectStore, put: ObjectStore["put"]): ObjectStore {
  return storeWith(inner, { put });
}
