import { createServer } from "node:net";
import { S3ServiceException } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTributaryError } from "#core/errors.ts";
import { toStorageError } from "./s3-errors.ts";
import { S3ObjectStore } from "./s3-object-store.ts";
import type { S3ObjectStoreOptions } from "./s3-object-store.ts";
import { startS3rver } from "./testing/s3rver.ts";
import type { S3rverProcess } from "./testing/s3rver.ts";
import { bodyBytes } from "#core/storage/object-body.ts";
import { describeObjectStoreContract, expectCode, present } from "#core/testing/object-store-contract.ts";

let server: S3rverProcess;
const stores: S3ObjectStore[] = [];
let runs = 0;

function s3Store(options: Partial<S3ObjectStoreOptions> = {}): S3ObjectStore {
  const store = new S3ObjectStore({
    bucket: server.bucket,
    region: "us-east-1",
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: server.credentials,
    prefix: `run-${++runs}/`,
    partSize: 5 * 1024 * 1024,
    ...options,
  });
  stores.push(store);
  return store;
}

beforeAll(async () => {
  server = await startS3rver();
});
afterAll(async () => {
  for (const store of stores) store.destroy();
  await server.stop();
});

// s3rver 3.7 cannot run two groups of cases, so they run on the filesystem and memory stores only:
// - it ignores If-None-Match and If-Match on PutObject (it stores the object anyway);
// - it lists in its directory-walk order, so `a/b` comes before `a-c` and pagination then skips keys.
describeObjectStoreContract("s3 (s3rver)", async () => s3Store(), { conditionalWrites: false, byteOrderedNesting: false });

describe("S3ObjectStore", () => {
  it("presigns a PUT and a GET that plain HTTP clients can use", async () => {
    const store = s3Store();
    const putUrl = await store.presign("uploads/source.mp4", { method: "PUT", expiresIn: 300, contentType: "video/mp4" });
    const put = await fetch(putUrl, { method: "PUT", body: "not really video", headers: { "content-type": "video/mp4" } });
    expect(put.status).toBe(200);
    expect(await store.head("uploads/source.mp4")).toMatchObject({ size: 16, contentType: "video/mp4" });
    const getUrl = await store.presign("uploads/source.mp4", { method: "GET", expiresIn: 60 });
    const get = await fetch(getUrl);
    expect(await get.text()).toBe("not really video");
    await expect(store.presign("k", { method: "GET", expiresIn: 0 })).rejects.toThrow(TypeError);
  });

  it("keeps its keys under its prefix", async () => {
    const inner = s3Store({ prefix: "tenant-a/" });
    const outer = s3Store({ prefix: "" });
    await inner.put("streams/s1.json", "{}");
    expect((await outer.list({ prefix: "tenant-a/" })).objects.map((o) => o.key)).toEqual(["tenant-a/streams/s1.json"]);
    expect((await inner.list({ prefix: "" })).objects.map((o) => o.key)).toEqual(["streams/s1.json"]);
    expect(await bodyBytes(present(await outer.get("tenant-a/streams/s1.json")).body)).toEqual(new TextEncoder().encode("{}"));
    expect(() => s3Store({ prefix: "no-slash" })).toThrow(TypeError);
  });

  it("maps an unreachable endpoint to storage.unavailable", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
      });
    });
    const store = s3Store({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 });
    await expectCode(store.get("k"), "storage.unavailable");
    await expectCode(store.put("k", "v"), "storage.unavailable");
    await expectCode(store.list({ prefix: "" }), "storage.unavailable");
  });
});

describe("toStorageError", () => {
  const serviceError = (name: string, status: number) =>
    new S3ServiceException({ name, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status } });
  const table = [
    { name: "412 on a conditional put", error: serviceError("PreconditionFailed", 412), condition: "If-None-Match", code: "storage.precondition_failed" },
    { name: "409 ConditionalRequestConflict", error: serviceError("ConditionalRequestConflict", 409), condition: "If-Match", code: "storage.precondition_failed" },
    { name: "404 on If-Match (no object to match)", error: serviceError("NoSuchKey", 404), condition: "If-Match", code: "storage.precondition_failed" },
    { name: "404 on an unconditional put", error: serviceError("NoSuchBucket", 404), condition: undefined, code: "storage.unavailable" },
    { name: "416 InvalidRange", error: serviceError("InvalidRange", 416), condition: undefined, code: "storage.range_not_satisfiable" },
    { name: "503 SlowDown", error: serviceError("SlowDown", 503), condition: undefined, code: "storage.unavailable" },
    { name: "403 AccessDenied", error: serviceError("AccessDenied", 403), condition: undefined, code: "storage.unavailable" },
    { name: "connection refused", error: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), condition: undefined, code: "storage.unavailable" },
  ] as const;
  for (const row of table) {
    it(`maps ${row.name} to ${row.code}`, () => {
      const mapped = toStorageError(row.error, { operation: "put", key: "k", condition: row.condition });
      expect(isTributaryError(mapped, row.code)).toBe(true);
      expect(mapped.cause).toBe(row.error);
    });
  }
});
