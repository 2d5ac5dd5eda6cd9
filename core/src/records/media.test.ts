import { describe, expect, it } from "vitest";
import { MemoryObjectStore } from "../storage/memory-object-store.ts";
import { getMedia, registerMedia } from "./media.ts";

const record = { id: "m1", tenantId: "acme", kind: "live" as const, createdAt: new Date(0).toISOString() };

describe("media ownership", () => {
  it("belongs to the tenant that registered it first", async () => {
    const store = new MemoryObjectStore();
    await registerMedia(store, record);
    await registerMedia(store, record);
    await expect(registerMedia(store, { ...record, tenantId: "bravo" })).rejects.toMatchObject({ code: "record.conflict" });
    expect(await getMedia(store, "acme", "m1")).toEqual(record);
    expect(await getMedia(store, "bravo", "m1")).toBeUndefined();
  });
});
