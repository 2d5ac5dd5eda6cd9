import { describe, expect, it } from "vitest";
import { expectCode, present } from "../testing/object-store-contract.ts";
import { MemoryObjectStore } from "./memory-object-store.ts";
import type { ObjectBody, ObjectStore, PutOptions } from "./object-store.ts";
import { readText, updateText } from "./text.ts";

const KEY = "media/m1/master.m3u8";

describe("updateText", () => {
  it("rewrites the object keeping its content type and cache control", async () => {
    const store = new MemoryObjectStore();
    await store.put(KEY, "#EXTM3U\n", { contentType: "application/vnd.apple.mpegurl", cacheControl: "public, max-age=60" });
    await updateText(store, KEY, (text) => `${text}#EXT-X-VERSION:7\n`);
    const stored = present(await store.get(KEY));
    expect([stored.contentType, stored.cacheControl]).toEqual(["application/vnd.apple.mpegurl", "public, max-age=60"]);
    expect(present(await readText(store, KEY)).text).toBe("#EXTM3U\n#EXT-X-VERSION:7\n");
  });

  it("re-reads and applies the change again when another writer got in between, so neither change is lost", async () => {
    const store = new MemoryObjectStore();
    await store.put(KEY, "a\n");
    let raced = false;
    // Another writer lands between this read and the conditional put, once.
    const racing: Pick<ObjectStore, "get" | "put"> = {
      get: (key) => store.get(key),
      async put(key: string, body: ObjectBody, options?: PutOptions) {
        if (!raced) {
          raced = true;
          await store.put(KEY, "a\nother\n");
        }
        return store.put(key, body, options);
      },
    };
    await updateText(racing, KEY, (text) => `${text}mine\n`);
    expect(present(await readText(store, KEY)).text).toBe("a\nother\nmine\n");
  });

  it("refuses a missing object", async () => {
    await expectCode(updateText(new MemoryObjectStore(), KEY, (text) => text), "storage.not_found");
  });
});
