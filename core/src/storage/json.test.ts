import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readJson, updateJson } from "./json.ts";
import { MemoryObjectStore } from "./memory-object-store.ts";
import { expectCode, present } from "../testing/object-store-contract.ts";
import { storeWith } from "../testing/store-with.ts";

const freshStore = () => new MemoryObjectStore();

const counterSchema = z.object({ count: z.number().int().nonnegative(), writers: z.array(z.string()) });
type Counter = z.infer<typeof counterSchema>;

describe("readJson", () => {
  it("returns undefined for a missing key, and the value with its etag otherwise", async () => {
    const store = freshStore();
    expect(await readJson(store, "records/a.json")).toBeUndefined();
    const { etag } = await store.put("records/a.json", '{"count":1,"writers":["x"]}');
    const document = present(await readJson(store, "records/a.json", counterSchema));
    expect(document).toEqual({ value: { count: 1, writers: ["x"] }, etag });
    expect(present(await readJson(store, "records/a.json")).value).toEqual({ count: 1, writers: ["x"] });
  });

  it("refuses non-JSON and schema mismatches with record.invalid", async () => {
    const store = freshStore();
    await store.put("records/bad.json", "{not json");
    await store.put("records/wrong.json", '{"count":-1,"writers":[]}');
    await expectCode(readJson(store, "records/bad.json"), "record.invalid");
    await expectCode(readJson(store, "records/wrong.json", counterSchema), "record.invalid");
  });

  it("answers storage.unavailable when the connection breaks off partway through the body", async () => {
    const store = freshStore();
    await store.put("records/a.json", '{"count":1,"writers":[]}');
    const broken = storeWith(store, {
      get: async (key) => {
        const object = await store.get(key);
        if (object === undefined) return undefined;
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"count"'));
            controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
          },
        });
        return { ...object, body };
      },
    });
    await expectCode(readJson(broken, "records/a.json"), "storage.unavailable");
  });
});

describe("updateJson", () => {
  const increment = (writer: string) => (current: Counter | undefined): Counter => ({
    count: (current?.count ?? 0) + 1,
    writers: [...(current?.writers ?? []), writer],
  });

  it("creates when absent, then updates, writing application/json", async () => {
    const store = freshStore();
    const created = await updateJson(store, "records/c.json", increment("a"), { schema: counterSchema });
    expect(created.value).toEqual({ count: 1, writers: ["a"] });
    const updated = await updateJson(store, "records/c.json", increment("b"), { schema: counterSchema });
    expect(updated.value).toEqual({ count: 2, writers: ["a", "b"] });
    expect(present(await store.head("records/c.json"))).toMatchObject({ etag: updated.etag, contentType: "application/json" });
  });

  it("loses no update when many writers race, from absent", async () => {
    const store = freshStore();
    const writers = Array.from({ length: 12 }, (_, i) => `w${i}`);
    await Promise.all(writers.map((writer) => updateJson(store, "records/race.json", increment(writer), { schema: counterSchema, retries: 100 })));
    const final = present(await readJson(store, "records/race.json", counterSchema)).value;
    expect(final.count).toBe(12);
    expect([...final.writers].sort()).toEqual([...writers].sort());
  });

  it("gives up with record.conflict after the configured retries", async () => {
    const store = freshStore();
    await store.put("records/busy.json", '{"count":0,"writers":[]}');
    let calls = 0;
    const rival = async (current: Counter | undefined): Promise<Counter> => {
      calls++;
      // Another writer lands between our read and our write, every time.
      await store.put("records/busy.json", JSON.stringify({ count: 100 + calls, writers: [] }));
      return increment("loser")(current);
    };
    await expectCode(updateJson(store, "records/busy.json", rival, { schema: counterSchema, retries: 2 }), "record.conflict");
    expect(calls).toBe(3);
  });

  it("writes nothing when the update throws or produces an invalid value", async () => {
    const store = freshStore();
    await expect(updateJson(store, "records/none.json", () => Promise.reject(new Error("abort")))).rejects.toThrow("abort");
    await expectCode(updateJson(store, "records/none.json", () => ({ count: -5, writers: [] }), { schema: counterSchema }), "record.invalid");
    expect(await store.head("records/none.json")).toBeUndefined();
  });
});
