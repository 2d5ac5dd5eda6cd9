import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock.ts";
import { MemoryObjectStore } from "./memory-object-store.ts";
import { describeObjectStoreContract } from "../testing/object-store-contract.ts";

describeObjectStoreContract("memory", async () => new MemoryObjectStore(), { conditionalWrites: true, byteOrderedNesting: true });

describe("MemoryObjectStore", () => {
  it("stamps lastModified from the injected clock and cannot presign", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 2));
    const store = new MemoryObjectStore({ clock });
    await store.put("k", "v");
    expect((await store.head("k"))?.lastModified).toEqual(new Date(Date.UTC(2026, 0, 2)));
    expect(await store.presign()).toBeUndefined();
  });

  it("keeps its own copy of a put byte array", async () => {
    const store = new MemoryObjectStore();
    const bytes = new Uint8Array([1, 2, 3]);
    await store.put("k", bytes);
    bytes[0] = 9;
    expect((await store.head("k"))?.size).toBe(3);
    const got = await store.get("k", { range: { start: 0, end: 0 } });
    expect(new Uint8Array(await new Response(got?.body).arrayBuffer())).toEqual(new Uint8Array([1]));
  });
});
