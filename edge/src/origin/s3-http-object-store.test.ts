/** The aws4fetch S3 origin against a real s3rver, seeded through the core S3 adapter. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3ObjectStore } from "#core-node/s3-object-store.ts";
import { startS3rver, type S3rverProcess } from "#core-node/testing/s3rver.ts";
import { isTributaryError } from "#core/errors.ts";
import { S3HttpMediaStore } from "./s3-http-object-store.ts";

let s3: S3rverProcess;
let origin: S3HttpMediaStore;
const bytes = new Uint8Array(Array.from({ length: 500 }, (_, i) => i % 251));

beforeAll(async () => {
  s3 = await startS3rver("edge-origin");
  const writer = new S3ObjectStore({ bucket: s3.bucket, region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: s3.credentials });
  await writer.put("media/m1/720p/0.m4s", bytes, { contentType: "video/iso.segment", cacheControl: "public, max-age=31536000, immutable" });
  origin = new S3HttpMediaStore({ endpoint: s3.endpoint, bucket: s3.bucket, region: "us-east-1", ...s3.credentials });
});

afterAll(async () => {
  await s3?.stop();
});

describe("S3 HTTP origin (aws4fetch)", () => {
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

  it("returns undefined for missing keys and origin.failed for a dead endpoint", async () => {
    expect(await origin.get("media/m1/720p/404.m4s")).toBeUndefined();
    expect(await origin.head("media/m1/720p/404.m4s")).toBeUndefined();
    const dead = new S3HttpMediaStore({ endpoint: "http://127.0.0.1:1", bucket: "b", region: "us-east-1", accessKeyId: "a", secretAccessKey: "b" });
    const error = await dead.get("media/m1/x.m4s").catch((e: unknown) => e);
    expect(isTributaryError(error, "origin.failed")).toBe(true);
  });
});
