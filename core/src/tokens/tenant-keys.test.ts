// Tenant keys read from storage: a missing record is "no keys", a store that fails is an error, and a
// failure is not remembered (the next lookup reads again).
import { describe, expect, it } from "vitest";
import { TributaryError } from "../errors.ts";
import type { GetOptions, ObjectStore, StoredObject } from "../storage/object-store.ts";
import { MemoryObjectStore } from "../storage/memory-object-store.ts";
import { keys } from "../storage/keys.ts";
import { storedTenantKeys } from "./tenant-keys.ts";

/** The memory store, failing every read while `down` is set. */
function flakyStore(): { store: ObjectStore; setDown(down: boolean): void } {
  const inner = new MemoryObjectStore();
  let down = false;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      if (property === "get")
        return (key: string, options?: GetOptions): Promise<StoredObject | undefined> =>
          down ? Promise.reject(new TributaryError("storage.unavailable", "store down")) : target.get(key, options);
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, setDown: (value) => void (down = value) };
}

describe("storedTenantKeys", () => {
  it("answers undefined for a media id nobody owns, and the owner of a recorded one", async () => {
    const { store } = flakyStore();
    await store.put(keys.mediaRecord("m1"), JSON.stringify({ tenantId: "t1", streamId: "s1" }));
    const source = storedTenantKeys(store);
    expect(await source.ownerOf("m1")).toBe("t1");
    expect(await source.ownerOf("m2")).toBeUndefined();
    expect(await source.jwks("t9")).toBeUndefined();
  });

  it("lets a store failure through, and reads again once the store is back", async () => {
    const { store, setDown } = flakyStore();
    await store.put(keys.mediaRecord("m1"), JSON.stringify({ tenantId: "t1", streamId: "s1" }));
    const source = storedTenantKeys(store);
    setDown(true);
    await expect(source.ownerOf("m1")).rejects.toMatchObject({ code: "storage.unavailable" });
    setDown(false);
    expect(await source.ownerOf("m1")).toBe("t1");
  });
});
