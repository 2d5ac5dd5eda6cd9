// Tenant keys read from storage: a missing record is "no keys", a store that fails is an error, and a
// failure is not remembered (the next lookup reads again).
import { describe, expect, it } from "vitest";
import { MemoryObjectStore } from "../storage/memory-object-store.ts";
import { keys } from "../storage/keys.ts";
import { storeWithFailingReads } from "../testing/store-with.ts";
import { storedTenantKeys } from "./tenant-keys.ts";

/** The memory store, failing every read while `down` is set. */
function flakyStore() {
  let down = false;
  const store = storeWithFailingReads(new MemoryObjectStore(), () => down);
  return { store, setDown: (value: boolean) => void (down = value) };
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
    await expect(source.jwks("t1")).rejects.toMatchObject({ code: "storage.unavailable" });
    setDown(false);
    expect(await source.ownerOf("m1")).toBe("t1");
    expect(await source.jwks("t1")).toBeUndefined();
  });
});
