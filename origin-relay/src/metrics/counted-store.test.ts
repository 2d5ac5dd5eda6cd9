import { describe, expect, it } from "vitest";
import { TributaryError } from "#core/errors.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { countWriteErrors } from "./counted-store.ts";

/** A real memory store whose writes fail while `down` is set, as a store that cannot be reached does. */
function flakyStore(): { store: ObjectStore; setDown(down: boolean): void } {
  const inner = new MemoryObjectStore();
  let down = false;
  const unavailable = () => new TributaryError("storage.unavailable", "store down");
  const store: ObjectStore = {
    get: (k, o) => inner.get(k, o),
    head: (k) => inner.head(k),
    list: (o) => inner.list(o),
    presign: () => inner.presign(),
    put: (k, b, o) => (down ? Promise.reject(unavailable()) : inner.put(k, b, o)),
    delete: (k) => (down ? Promise.reject(unavailable()) : inner.delete(k)),
  };
  return { store, setDown: (value) => (down = value) };
}

describe("countWriteErrors", () => {
  it("counts failed puts and deletes, passes the failure on, and leaves reads and successes alone", async () => {
    const { store, setDown } = flakyStore();
    let errors = 0;
    const counted = countWriteErrors(store, () => errors++);
    await counted.put("a/1", "x");
    await counted.get("a/1");
    expect(errors).toBe(0);
    setDown(true);
    await expect(counted.put("a/2", "x")).rejects.toMatchObject({ code: "storage.unavailable" });
    await expect(counted.delete("a/1")).rejects.toMatchObject({ code: "storage.unavailable" });
    expect(errors).toBe(2);
    setDown(false);
    expect(await counted.head("a/1")).toBeDefined();
  });

  it("does not count a failed condition, which is an answer", async () => {
    let errors = 0;
    const counted = countWriteErrors(new MemoryObjectStore(), () => errors++);
    await counted.put("c/once", "1", { ifNoneMatch: "*" });
    await expect(counted.put("c/once", "2", { ifNoneMatch: "*" })).rejects.toMatchObject({ code: "storage.precondition_failed" });
    expect(errors).toBe(0);
  });

  it("keeps flush only where the store has one", () => {
    expect(countWriteErrors(new MemoryObjectStore(), () => undefined).flush).toBeUndefined();
  });
});
