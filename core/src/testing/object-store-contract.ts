/**
 * The one contract every `ObjectStore` adapter passes (filesystem, memory, S3). Each adapter's test
 * file calls `describeObjectStoreContract` with a factory that returns a fresh, empty store.
 */
import { describe, expect, it } from "vitest";
import { isTributaryError } from "../errors.ts";
import type { ErrorCode } from "../errors.ts";
import { bodyBytes } from "../storage/object-body.ts";
import type { ObjectStore } from "../storage/object-store.ts";

export interface ObjectStoreCapabilities {
  /**
   * The store honours `ifNoneMatch` / `ifMatch` on put. True for AWS S3, R2, MinIO and the embedded
   * stores; false only for test servers that ignore the headers (s3rver), where those cases cannot run.
   */
  conditionalWrites: boolean;
  /**
   * Lists keys in whole-key byte order even where one key's segment is a prefix of a sibling's
   * (`a-c` sorts before `a/b`, and `a` before both). True for S3, R2, MinIO and the embedded stores;
   * s3rver lists in its directory-walk order there, and its pagination then skips keys.
   */
  byteOrderedNesting: boolean;
}

export type ObjectStoreFactory = () => Promise<ObjectStore>;

const text = (store: ObjectStore, key: string) =>
  store.get(key).then(async (object) => (object === undefined ? undefined : new TextDecoder().decode(await bodyBytes(object.body))));

/** Narrows away `undefined`, failing the test when the value is missing. */
export function present<T>(value: T | undefined): T {
  expect(value).toBeDefined();
  return value as T;
}

/** Awaits `promise` and asserts it rejected with a TributaryError of `code`. */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isTributaryError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
}

/** A stream of `chunks` chunks of `chunkSize` bytes; byte i of the whole is `i % 251`. */
export function patternStream(chunks: number, chunkSize: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === chunks) return controller.close();
      const chunk = new Uint8Array(chunkSize);
      for (let i = 0; i < chunkSize; i++) chunk[i] = (sent * chunkSize + i) % 251;
      sent++;
      controller.enqueue(chunk);
    },
  });
}

async function listAll(store: ObjectStore, prefix: string, limit: number): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.list({ prefix, limit, cursor });
    pages++;
    expect(page.objects.length).toBeLessThanOrEqual(limit);
    keys.push(...page.objects.map((o) => o.key));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return { keys, pages };
}

export function describeObjectStoreContract(name: string, factory: ObjectStoreFactory, capabilities: ObjectStoreCapabilities): void {
  describe(`ObjectStore contract: ${name}`, () => {
    it("round-trips bytes, text and multi-chunk streams", async () => {
      const store = await factory();
      const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
      const put = await store.put("a/bytes.bin", bytes);
      const got = await store.get("a/bytes.bin");
      expect(got).toBeDefined();
      expect(await bodyBytes(present(got).body)).toEqual(bytes);
      expect(present(got).size).toBe(6);
      expect(present(got).etag).toBe(put.etag);
      expect(present(got).key).toBe("a/bytes.bin");
      expect(present(got).lastModified).toBeInstanceOf(Date);

      await store.put("a/text.txt", "héllo ✓ wörld");
      expect(await text(store, "a/text.txt")).toBe("héllo ✓ wörld");

      await store.put("a/stream.bin", patternStream(5, 1000));
      const streamed = await bodyBytes(present(await store.get("a/stream.bin")).body);
      expect(streamed.byteLength).toBe(5000);
      expect(streamed[4999]).toBe(4999 % 251);

      await store.put("a/empty", new Uint8Array(0));
      expect((await bodyBytes(present(await store.get("a/empty")).body)).byteLength).toBe(0);
    });

    it("round-trips content-type and cache-control through get and head", async () => {
      const store = await factory();
      const options = { contentType: "application/vnd.apple.mpegurl", cacheControl: "public, max-age=2, immutable" };
      await store.put("m/index.m3u8", "#EXTM3U\n", options);
      const head = await store.head("m/index.m3u8");
      expect(head).toMatchObject({ key: "m/index.m3u8", size: 8, ...options });
      const got = await store.get("m/index.m3u8");
      expect(got).toMatchObject(options);
      await present(got).body.cancel();
    });

    it("head returns metadata, and undefined for a missing key; get of a missing key is undefined", async () => {
      const store = await factory();
      const { etag } = await store.put("h/x.json", "{}", { contentType: "application/json" });
      expect(await store.head("h/x.json")).toMatchObject({ key: "h/x.json", size: 2, etag, contentType: "application/json" });
      expect(await store.head("h/missing.json")).toBeUndefined();
      expect(await store.get("h/missing.json")).toBeUndefined();
      expect(await store.get("h")).toBeUndefined();
    });

    it("changes the etag when the content changes", async () => {
      const store = await factory();
      const first = await store.put("e/doc.json", '{"v":1}');
      const second = await store.put("e/doc.json", '{"v":2}');
      expect(second.etag).not.toBe(first.etag);
      expect(present(await store.head("e/doc.json")).etag).toBe(second.etag);
      expect(await text(store, "e/doc.json")).toBe('{"v":2}');
    });

    it("returns inclusive byte ranges, clamps the end, and refuses a start past the end", async () => {
      const store = await factory();
      await store.put("r/data", "0123456789");
      const middle = await store.get("r/data", { range: { start: 2, end: 5 } });
      expect(present(middle).range).toEqual({ start: 2, end: 5 });
      expect(present(middle).size).toBe(10);
      expect(new TextDecoder().decode(await bodyBytes(present(middle).body))).toBe("2345");
      const tail = await store.get("r/data", { range: { start: 7 } });
      expect(present(tail).range).toEqual({ start: 7, end: 9 });
      expect(new TextDecoder().decode(await bodyBytes(present(tail).body))).toBe("789");
      const clamped = await store.get("r/data", { range: { start: 8, end: 100 } });
      expect(present(clamped).range).toEqual({ start: 8, end: 9 });
      expect(new TextDecoder().decode(await bodyBytes(present(clamped).body))).toBe("89");
      await expectCode(store.get("r/data", { range: { start: 10 } }), "storage.range_not_satisfiable");
      expect(await store.get("r/missing", { range: { start: 0, end: 1 } })).toBeUndefined();
    });

    it("lists by prefix in key order across pages", async () => {
      const store = await factory();
      const keys = Array.from({ length: 25 }, (_, i) => `p/item-${String(i).padStart(2, "0")}`);
      await Promise.all(keys.map((key) => store.put(key, key)));
      await store.put("p-sibling", "not under p/");
      await store.put("q/other", "other prefix");
      const { keys: listed, pages } = await listAll(store, "p/", 10);
      expect(pages).toBe(3);
      expect(listed).toEqual(keys);
      const first = await store.list({ prefix: "p/", limit: 10 });
      expect(first.objects[0]).toMatchObject({ key: "p/item-00", size: 9, etag: present(await store.head("p/item-00")).etag });
      expect((await store.list({ prefix: "nothing/" })).objects).toEqual([]);
    });

    it("lists keys in byte order", async () => {
      const store = await factory();
      for (const key of ["o/b", "o/é", "o/B", "o/a.txt", "o/_", "o/Z", "o/a0"]) await store.put(key, key);
      const { keys } = await listAll(store, "o/", 3);
      expect(keys).toEqual(["o/B", "o/Z", "o/_", "o/a.txt", "o/a0", "o/b", "o/é"]);
    });

    it("stores a key and keys that extend it past a '/' side by side", async () => {
      const store = await factory();
      for (const key of ["n/a/b", "n/a", "n/a/b/c"]) await store.put(key, key);
      for (const key of ["n/a/b", "n/a", "n/a/b/c"]) expect(await text(store, key)).toBe(key);
      await store.delete("n/a/b");
      expect(await text(store, "n/a/b/c")).toBe("n/a/b/c");
      expect((await store.list({ prefix: "n/" })).objects.map((o) => o.key).sort()).toEqual(["n/a", "n/a/b/c"]);
    });

    it("deletes, and deleting a missing key is not an error", async () => {
      const store = await factory();
      await store.put("d/one", "1");
      await store.put("d/two", "2");
      await store.delete("d/one");
      expect(await store.get("d/one")).toBeUndefined();
      expect(await store.head("d/one")).toBeUndefined();
      await store.delete("d/one");
      await store.delete("d/never/existed");
      expect((await store.list({ prefix: "d/" })).objects.map((o) => o.key)).toEqual(["d/two"]);
      await store.put("d/one", "again");
      expect(await text(store, "d/one")).toBe("again");
    });

    it("refuses invalid keys with storage.invalid_key", async () => {
      const store = await factory();
      const bad = ["", "../escape", "a/../../escape", "/absolute", "a//b", "a/", "./a", "a\\b", "a\u0000b", "a\nb", "x".repeat(1025), `${"y".repeat(256)}/z`];
      for (const key of bad) {
        await expectCode(store.put(key, "x"), "storage.invalid_key");
        await expectCode(store.get(key), "storage.invalid_key");
        await expectCode(store.head(key), "storage.invalid_key");
        await expectCode(store.delete(key), "storage.invalid_key");
      }
    });

    it("uploads a 6 MiB stream (multipart-sized) intact", async () => {
      const store = await factory();
      const chunk = 64 * 1024;
      const put = await store.put("big/video.mp4", patternStream(96, chunk), { contentType: "video/mp4" });
      const head = await store.head("big/video.mp4");
      expect(head).toMatchObject({ size: 6 * 1024 * 1024, etag: put.etag, contentType: "video/mp4" });
      // A range across the 5 MiB part boundary.
      const boundary = 5 * 1024 * 1024;
      const got = await store.get("big/video.mp4", { range: { start: boundary - 3, end: boundary + 2 } });
      const bytes = await bodyBytes(present(got).body);
      expect(Array.from(bytes)).toEqual([-3, -2, -1, 0, 1, 2].map((d) => (boundary + d) % 251));
    });

    if (capabilities.byteOrderedNesting) describeNestedListing(factory);
    if (capabilities.conditionalWrites) describeConditionalWrites(factory);
  });
}

function describeNestedListing(factory: ObjectStoreFactory): void {
  it("lists a key, its siblings and the keys that extend it past a '/' in byte order", async () => {
    const store = await factory();
    for (const key of ["o/a/b", "o/a", "o/a-c", "o/a/b/c", "o/B", "o/é"]) await store.put(key, key);
    const { keys } = await listAll(store, "o/", 2);
    expect(keys).toEqual(["o/B", "o/a", "o/a-c", "o/a/b", "o/a/b/c", "o/é"]);
    expect((await listAll(store, "o/a", 1000)).keys).toEqual(["o/a", "o/a-c", "o/a/b", "o/a/b/c"]);
    expect((await listAll(store, "o/a/", 1000)).keys).toEqual(["o/a/b", "o/a/b/c"]);
  });
}

function describeConditionalWrites(factory: ObjectStoreFactory): void {
  it("ifNoneMatch '*' creates once; the second create fails and leaves the first", async () => {
    const store = await factory();
    const created = await store.put("c/once.json", '{"n":1}', { ifNoneMatch: "*" });
    await expectCode(store.put("c/once.json", '{"n":2}', { ifNoneMatch: "*" }), "storage.precondition_failed");
    expect(await text(store, "c/once.json")).toBe('{"n":1}');
    expect(present(await store.head("c/once.json")).etag).toBe(created.etag);
    const racers = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.put("c/race.json", String(i), { ifNoneMatch: "*" })));
    expect(racers.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("ifMatch swaps on the current etag and fails on a stale or missing one", async () => {
    const store = await factory();
    const v1 = await store.put("c/cas.json", '{"v":1}');
    const v2 = await store.put("c/cas.json", '{"v":2}', { ifMatch: v1.etag });
    await expectCode(store.put("c/cas.json", '{"v":3}', { ifMatch: v1.etag }), "storage.precondition_failed");
    expect(await text(store, "c/cas.json")).toBe('{"v":2}');
    expect(present(await store.head("c/cas.json")).etag).toBe(v2.etag);
    await expectCode(store.put("c/absent.json", "{}", { ifMatch: v1.etag }), "storage.precondition_failed");
    expect(await store.head("c/absent.json")).toBeUndefined();
  });

  it("concurrent compare-and-swap increments from N writers end with the exact count", async () => {
    const store = await factory();
    await store.put("c/counter", "0");
    const writers = 6;
    const increments = 5;
    const writer = async () => {
      for (let done = 0; done < increments; ) {
        const current = await store.get("c/counter");
        const value = Number(new TextDecoder().decode(await bodyBytes(present(current).body)));
        try {
          await store.put("c/counter", String(value + 1), { ifMatch: present(current).etag });
          done++;
        } catch (error) {
          if (!isTributaryError(error, "storage.precondition_failed")) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: writers }, writer));
    expect(await text(store, "c/counter")).toBe(String(writers * increments));
  });
}
