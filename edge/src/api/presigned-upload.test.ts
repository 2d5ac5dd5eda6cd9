// Uploads where the edge cannot run a tus server (Workers): a presigned PUT to the bucket, then
// `POST /uploads/{id}/complete` checks the size and queues the job, against a real S3 server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cryptoRandom, systemClock } from "#core/clock.ts";
import { createTenant } from "#core/records/tenants.ts";
import { storedPlaybackKeys } from "#core/tokens/keyring-store.ts";
import { QueuedTranscodeBackend } from "#core/vod/queued-backend.ts";
import { readJob } from "#core/vod/transcode-jobs.ts";
import { startS3rver, type S3rverProcess } from "#core-node/testing/s3rver.ts";
import { createEdgeApp } from "../app.ts";
import { S3HttpObjectStore } from "../storage/s3-http-object-store.ts";
import { ingest, PUBLIC_URL } from "../testing/api-test-kit.ts";
import { presignedUploadTarget } from "./vod-deps.ts";

let s3: S3rverProcess;
let app: ReturnType<typeof createEdgeApp>;
let store: S3HttpObjectStore;
let key: string;

beforeAll(async () => {
  s3 = await startS3rver("uploads");
  store = new S3HttpObjectStore({ endpoint: s3.endpoint, bucket: s3.bucket, region: "us-east-1", ...s3.credentials });
  const vod = { backend: new QueuedTranscodeBackend({ store, clock: systemClock }), uploads: presignedUploadTarget(store, () => Date.now()) };
  app = createEdgeApp({ store, clock: systemClock, keys: storedPlaybackKeys(store), viewer: () => ({}), api: { ingest, publicUrl: PUBLIC_URL, vod } });
  key = (await createTenant({ store, clock: systemClock, random: cryptoRandom }, { id: "acme", name: "Acme" })).adminKey;
}, 60_000);

afterAll(async () => {
  await s3?.stop();
});

const call = (method: string, path: string, body?: unknown) =>
  app.request(`/api/v1${path}`, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe("presigned uploads", () => {
  it("takes the bytes with a presigned PUT and queues them on complete", async () => {
    const created = (await (await call("POST", "/uploads", { name: "film", maxSizeBytes: 1000 })).json()) as { uploadId: string; assetId: string; url: string; protocol: string };
    expect(created.protocol).toBe("s3-put");
    expect(new URL(created.url).searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    expect((await call("POST", `/uploads/${created.uploadId}/complete`)).status).toBe(409);
    expect((await fetch(created.url, { method: "PUT", body: new Uint8Array(600) })).status).toBe(200);
    const completed = await call("POST", `/uploads/${created.uploadId}/complete`);
    expect(await completed.json()).toEqual({ assetId: created.assetId, state: "queued" });
    expect((await readJob(store, created.assetId))?.job.source).toEqual({ kind: "object", key: `temp/uploads/${created.uploadId}` });
    expect((await call("POST", `/uploads/${created.uploadId}/complete`)).status).toBe(409);
  });

  it("errors an upload whose bytes are over its cap", async () => {
    const created = (await (await call("POST", "/uploads", { name: "big", maxSizeBytes: 100 })).json()) as { uploadId: string; assetId: string; url: string };
    await fetch(created.url, { method: "PUT", body: new Uint8Array(600) });
    const completed = await call("POST", `/uploads/${created.uploadId}/complete`);
    expect(completed.status).toBe(422);
    const asset = (await (await call("GET", `/assets/${created.assetId}`)).json()) as { status: string; error: { message: string } };
    expect(asset.status).toBe("errored");
    expect(asset.error.message).toMatch(/over this upload's limit of 100/);
    expect(await store.head(`temp/uploads/${created.uploadId}`)).toBeUndefined();
  });
});
