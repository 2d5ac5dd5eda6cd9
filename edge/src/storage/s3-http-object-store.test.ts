/**
 * The aws4fetch S3 store against a real s3rver: the `ObjectStore` contract inside workerd (through the
 * test Worker, testing/object-store-worker.ts, with the S3 bindings the deploy generates), and the
 * playback-origin behaviour on Node, seeded through the core S3 adapter.
 */
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3ObjectStore } from "#core-node/s3-object-store.ts";
import { startS3rver, type S3rverProcess } from "#core-node/testing/s3rver.ts";
import { isTributaryError } from "#core/errors.ts";
import { describeObjectStoreContract } from "#core/testing/object-store-contract.ts";
import { remoteObjectStore, type RemoteObjectStore } from "../testing/object-store-client.ts";
import { bundleWorker } from "../testing/worker-bundle.ts";
import { S3HttpObjectStore } from "./s3-http-object-store.ts";
import { parseListObjectsV2 } from "./s3-list-xml.ts";

let s3: S3rverProcess;
let origin: S3HttpObjectStore;
let mf: Miniflare;
let inWorkerd: RemoteObjectStore;
const bytes = new Uint8Array(Array.from({ length: 500 }, (_, i) => i % 251));

beforeAll(async () => {
  s3 = await startS3rver("edge-origin");
  const writer = new S3ObjectStore({ bucket: s3.bucket, region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: s3.credentials });
  await writer.put("media/m1/720p/0.m4s", bytes, { contentType: "video/iso.segment", cacheControl: "public, max-age=31536000, immutable" });
  origin = new S3HttpObjectStore({ endpoint: s3.endpoint, bucket: s3.bucket, region: "us-east-1", ...s3.credentials });
  const script = await bundleWorker(new URL("../testing/object-store-worker.ts", import.meta.url));
  mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: "2026-04-01",
    bindings: { S3_ENDPOINT: s3.endpoint, S3_BUCKET: s3.bucket, S3_REGION: "us-east-1", S3_PREFIX: "contract/", S3_ACCESS_KEY_ID: s3.credentials.accessKeyId, S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey },
  });
  inWorkerd = remoteObjectStore(async (url, init) => (await mf.dispatchFetch(url, init)) as unknown as Response);
});

afterAll(async () => {
  await mf?.dispose();
  await s3?.stop();
});

// s3rver ignores If-None-Match / If-Match and lists nested keys in directory-walk order (see
// core/node/s3-object-store.test.ts); those cases run against the R2 binding and the embedded stores.
describeObjectStoreContract(
  "S3 HTTP (aws4fetch in workerd, s3rver)",
  async () => {
    await inWorkerd.reset();
    return inWorkerd;
  },
  { conditionalWrites: false, byteOrderedNesting: false },
);

describe("S3 HTTP store", () => {
  it("gets whole objects with their metadata", async () => {
    const object = await origin.get("media/m1/720p/0.m4s");
    expect(object).toMatchObject({ key: "media/m1/720p/0.m4s", size: 500, contentType: "video/iso.segment", cacheControl: "public, max-age=31536000, immutable" });
    expect(new Uint8Array(await new Response(object?.body).arrayBuffer())).toEqual(bytes);
  });

  it("gets ranges and heads", async () => {
    const object = await origin.get("media/m1/720p/0.m4s", { range: { start: 10, end: 19 } });
    expect(object?.range).toEqual({ start: 10, end: 19 });
    expect(object?.size).toBe(500);
    expect(new Uint8Array(await new Response(object?.body).arrayBuffer())).toEqual(bytes.subarray(10, 20));
    expect(await origin.head("media/m1/720p/0.m4s")).toMatchObject({ size: 500 });
  });

  it("returns undefined for missing keys; reads from a dead endpoint are origin.failed, writes storage.unavailable", async () => {
    expect(await origin.get("media/m1/720p/404.m4s")).toBeUndefined();
    expect(await origin.head("media/m1/720p/404.m4s")).toBeUndefined();
    const dead = new S3HttpObjectStore({ endpoint: "http://127.0.0.1:1", bucket: "b", region: "us-east-1", accessKeyId: "a", secretAccessKey: "b" });
    expect(isTributaryError(await dead.get("media/m1/x.m4s").catch((e: unknown) => e), "origin.failed")).toBe(true);
    expect(isTributaryError(await dead.put("tenants/t.json", "{}").catch((e: unknown) => e), "storage.unavailable")).toBe(true);
    expect(isTributaryError(await dead.list({ prefix: "tenants/" }).catch((e: unknown) => e), "storage.unavailable")).toBe(true);
  });

  it("presigns a GET that s3rver honours", async () => {
    const url = await origin.presign("media/m1/720p/0.m4s", { method: "GET", expiresIn: 60 });
    expect(url).toContain("X-Amz-Signature=");
    expect(url).toContain("X-Amz-Expires=60");
    const response = await fetch(url);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });

  it("reads ListObjectsV2 entities and continuation", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><IsTruncated>true</IsTruncated>
      <Contents><Key>p/a&amp;b &lt;c&gt; &#233;&#x2713;</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified><ETag>&quot;abc&quot;</ETag><Size>12</Size></Contents>
      <NextContinuationToken>tok&amp;en</NextContinuationToken></ListBucketResult>`;
    expect(parseListObjectsV2(xml)).toEqual({
      contents: [{ key: "p/a&b <c> é✓", size: 12, etag: '"abc"', lastModified: new Date("2026-01-02T03:04:05.000Z") }],
      isTruncated: true,
      nextContinuationToken: "tok&en",
    });
  });
});
