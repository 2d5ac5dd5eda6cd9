import { describe, expect, it } from "vitest";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import { QueuedTranscodeBackend } from "#core/vod/queued-backend.ts";
import { openUpload, uploadRecordSchema } from "#core/vod/uploads.ts";
import { readJob } from "#core/vod/transcode-jobs.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { apiKit, json, PUBLIC_URL } from "../testing/api-test-kit.ts";
import { tusUploadTarget } from "./vod-deps.ts";

async function kit(allowPrivateSources = false) {
  const placeholder = new MemoryObjectStore();
  const backend = { current: new QueuedTranscodeBackend({ store: placeholder, clock: { now: () => 0 } }) };
  const k = await apiKit(undefined, {
    vod: {
      get backend() {
        return backend.current;
      },
      uploads: tusUploadTarget(PUBLIC_URL),
      sources: { allowPrivateTargets: allowPrivateSources },
    },
  });
  backend.current = new QueuedTranscodeBackend({ store: k.ctx.store, clock: k.clock });
  return k;
}

describe("POST /uploads", () => {
  it("answers a tus URL with a token that opens this upload only, and an asset in `created`", async () => {
    const k = await kit();
    const response = await k.call(k.acme, "POST", "/uploads", { name: "film", maxSizeBytes: 1_000_000, maxDurationSeconds: 30 });
    expect(response.status).toBe(201);
    const body = (await json(response)) as { uploadId: string; assetId: string; url: string; protocol: string; expiresAt: string };
    expect(body.protocol).toBe("tus");
    const [, uploadId, token] = new RegExp(`^${PUBLIC_URL}/uploads/tus/([^/]+)/(ut_[A-Za-z0-9_-]{22})$`).exec(body.url) ?? [];
    expect(uploadId).toBe(body.uploadId);
    expect(Date.parse(body.expiresAt) - k.clock.now()).toBe(24 * 3600_000);

    const stored = (await readJson(k.ctx.store, keys.upload(body.uploadId), uploadRecordSchema))?.value;
    expect(stored?.tokenHash).not.toContain(token ?? "");
    expect(stored?.limits).toEqual({ maxSizeBytes: 1_000_000, maxDurationSeconds: 30 });
    expect((await openUpload(k.ctx.store, body.uploadId, token ?? "", k.clock.now())).assetId).toBe(body.assetId);
    await expect(openUpload(k.ctx.store, body.uploadId, "ut_wrong", k.clock.now())).rejects.toThrow(/no such upload/);
    await expect(openUpload(k.ctx.store, body.uploadId, token ?? "", k.clock.now() + 24 * 3600_000)).rejects.toThrow(/expired/);

    const view = await json(await k.call(k.acme, "GET", `/assets/${body.assetId}`));
    expect(view).toMatchObject({ id: body.assetId, status: "created", name: "film", progress: 0 });
    expect((await k.call(k.bravo, "GET", `/assets/${body.assetId}`)).status).toBe(404);
  });

  it("refuses a recording of another tenant's stream and caps past the maximum", async () => {
    const k = await kit();
    const stream = await json(await k.call(k.bravo, "POST", "/streams", { name: "theirs" }));
    expect((await k.call(k.acme, "POST", "/uploads", { name: "x", recordingOf: stream["id"] })).status).toBe(400);
    expect((await k.call(k.acme, "POST", "/uploads", { name: "x", maxSizeBytes: 10 ** 15 })).status).toBe(400);
  });
});

describe("POST /assets {url}", () => {
  for (const url of ["http://127.0.0.1/film.mp4", "http://[::1]/film.mp4", "http://10.1.2.3/film.mp4", "http://169.254.169.254/latest/meta-data", "http://2130706433/film.mp4"]) {
    it(`refuses ${url} unless private sources are allowed`, async () => {
      const k = await kit();
      const response = await k.call(k.acme, "POST", "/assets", { url });
      expect(response.status).toBe(400);
      expect((await json(response)).error?.message).toMatch(/sources must be public \(vod.allowPrivateSources is off\)/);
    });
  }

  it("queues a URL ingest where private sources are allowed", async () => {
    const k = await kit(true);
    const response = await k.call(k.acme, "POST", "/assets", { url: "http://127.0.0.1:9/film.mp4" });
    expect(response.status).toBe(201);
    const asset = (await json(response)) as { id: string; status: string; name: string };
    expect(asset).toMatchObject({ status: "queued", name: "film.mp4" });
    expect((await readJob(k.ctx.store, asset.id))?.job.source).toEqual({ kind: "url", url: "http://127.0.0.1:9/film.mp4" });
    expect((await k.call(k.bravo, "DELETE", `/assets/${asset.id}`)).status).toBe(404);
    expect((await k.call(k.acme, "DELETE", `/assets/${asset.id}`)).status).toBe(204);
    expect(await readJob(k.ctx.store, asset.id)).toBeUndefined();
    expect((await k.call(k.acme, "GET", `/assets/${asset.id}`)).status).toBe(404);
  });
});
