// Object tags travel with the write (`x-amz-tagging`), as S3 lifecycle rules need them; checked on the
// wire against a local HTTP server, since s3rver drops tags sent with a PUT.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3ObjectStore } from "./s3-object-store.ts";

let server: Server;
let endpoint: string;
const requests: { method: string | undefined; url: string | undefined; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, headers: req.headers });
    req.resume();
    req.on("end", () => res.writeHead(200, { etag: '"e1"' }).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("S3ObjectStore tags", () => {
  it("sends tags with the PutObject, URL-encoded, and none when there are none", async () => {
    const store = new S3ObjectStore({ bucket: "b", region: "us-east-1", endpoint, forcePathStyle: true, credentials: { accessKeyId: "a", secretAccessKey: "s" }, maxAttempts: 1 });
    try {
      await store.put("media/m1/v/0.m4s", new Uint8Array(4), { tags: { "tributary:kind": "recording" } });
      await store.put("media/m1/v/1.m4s", new Uint8Array(4));
    } finally {
      store.destroy();
    }
    const puts = requests.filter((r) => r.method === "PUT");
    expect(puts.map((r) => r.url)).toEqual(["/b/media/m1/v/0.m4s?x-id=PutObject", "/b/media/m1/v/1.m4s?x-id=PutObject"]);
    expect(puts[0]?.headers["x-amz-tagging"]).toBe("tributary%3Akind=recording");
    expect(puts[1]?.headers["x-amz-tagging"]).toBeUndefined();
  });

  it("refuses tags S3 would refuse, before any request", async () => {
    const store = new S3ObjectStore({ bucket: "b", region: "us-east-1", endpoint, forcePathStyle: true, credentials: { accessKeyId: "a", secretAccessKey: "s" } });
    const before = requests.length;
    try {
      await expect(store.put("media/m1/x", "x", { tags: { "bad\nkey": "v" } })).rejects.toThrow(TypeError);
      await expect(store.put("media/m1/x", "x", { tags: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, "v"])) })).rejects.toThrow(/at most 10/);
    } finally {
      store.destroy();
    }
    expect(requests.length).toBe(before);
  });
});
