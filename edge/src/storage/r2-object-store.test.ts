/**
 * The R2 binding adapter inside workerd: miniflare's local R2 bucket, driven through the test Worker
 * (testing/object-store-worker.ts), passes the whole `ObjectStore` contract, conditional writes and
 * byte-ordered listing included.
 */
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeObjectStoreContract, expectCode, present } from "#core/testing/object-store-contract.ts";
import { remoteObjectStore, type RemoteObjectStore } from "../testing/object-store-client.ts";
import { bundleWorker } from "../testing/worker-bundle.ts";

let mf: Miniflare;
let store: RemoteObjectStore;

beforeAll(async () => {
  const script = await bundleWorker(new URL("../testing/object-store-worker.ts", import.meta.url));
  mf = new Miniflare({ modules: true, script, compatibilityDate: "2026-04-01", r2Buckets: ["MEDIA"] });
  store = remoteObjectStore(async (url, init) => (await mf.dispatchFetch(url, init)) as unknown as Response);
});

afterAll(async () => {
  await mf?.dispose();
});

const fresh = async () => {
  await store.reset();
  return store;
};

describeObjectStoreContract("R2 binding (workerd)", fresh, { conditionalWrites: true, byteOrderedNesting: true });

describe("R2 binding specifics", () => {
  it("keeps content-type and cache-control in list entries, and cannot presign", async () => {
    const s = await fresh();
    await s.put("l/a.m3u8", "#EXTM3U\n", { contentType: "application/vnd.apple.mpegurl", cacheControl: "no-cache" });
    expect((await s.list({ prefix: "l/" })).objects[0]).toMatchObject({ key: "l/a.m3u8", contentType: "application/vnd.apple.mpegurl", cacheControl: "no-cache" });
    expect(await s.presign("l/a.m3u8", { method: "GET", expiresIn: 60 })).toBeUndefined();
  });

  it("takes an etag with or without quotes in ifMatch", async () => {
    const s = await fresh();
    const { etag } = await s.put("q/doc.json", "1");
    expect(etag).toMatch(/^".+"$/);
    const next = await s.put("q/doc.json", "2", { ifMatch: etag.slice(1, -1) });
    await expectCode(s.put("q/doc.json", "3", { ifMatch: etag }), "storage.precondition_failed");
    expect(present(await s.head("q/doc.json")).etag).toBe(next.etag);
  });

  it("refuses conflicting conditions as misuse", async () => {
    const s = await fresh();
    await expect(s.put("x/y", "1", { ifNoneMatch: "*", ifMatch: '"e"' })).rejects.toThrow(TypeError);
  });
});
