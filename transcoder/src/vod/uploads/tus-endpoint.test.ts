import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { FileStore } from "@tus/file-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cryptoRandom, ManualClock } from "#core/clock.ts";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { assetRecordSchema } from "#core/records/schemas.ts";
import { QueuedTranscodeBackend } from "#core/vod/queued-backend.ts";
import { readJob } from "#core/vod/transcode-jobs.ts";
import { beginUpload, completeUpload, createUpload } from "#core/vod/uploads.ts";
import { locateFfmpeg } from "../../ffmpeg/locate.ts";
import { tempDir } from "../../ffmpeg/testing/media.ts";
import { makeMp4 } from "../testing/sources.ts";
import { createTusEndpoint, tusFileStorage } from "./tus-endpoint.ts";

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("vod-tus-"));
  await mkdir(join(dir, "uploads"));
});
afterAll(() => cleanup());

describe("the upload sweep", () => {
  it("errors an upload that expired unfinished, and queues one that finished but never was", async () => {
    const clock = new ManualClock();
    const store = new MemoryObjectStore({ clock });
    const ctx = { store, clock, random: cryptoRandom };
    const tools = await locateFfmpeg();
    const endpoint = createTusEndpoint({
      store,
      clock,
      storage: tusFileStorage(new FileStore({ directory: join(dir, "uploads") }), join(dir, "uploads")),
      publicBase: "http://127.0.0.1/uploads/tus",
      path: "/uploads/tus",
      ffprobe: tools.ffprobe,
      backend: new QueuedTranscodeBackend({ store, clock }),
    });
    const request = { name: "x", limits: { maxSizeBytes: 1 << 30, maxDurationSeconds: 60 }, expiresInMs: 60_000 };
    const abandoned = await createUpload(ctx, "t1", request);
    await beginUpload(store, abandoned.upload.id);
    const finished = await createUpload(ctx, "t1", request);
    await beginUpload(store, finished.upload.id);
    await makeMp4(join(dir, "uploads", finished.upload.id), { seconds: 1, width: 160, height: 90 });
    await completeUpload(store, finished.upload.id);

    expect(await endpoint.sweep()).toEqual({ expired: 0, queued: 1 });
    expect((await readJob(store, finished.asset.id))?.job.source).toEqual({ kind: "file", path: join(dir, "uploads", finished.upload.id) });
    clock.advance(60_000);
    expect(await endpoint.sweep()).toEqual({ expired: 1, queued: 0 });
    const expired = (await readJson(store, keys.asset(abandoned.asset.id), assetRecordSchema))?.value;
    expect(expired?.status).toBe("errored");
    expect(expired?.error?.code).toBe("upload.expired");
    expect(await store.head(keys.upload(abandoned.upload.id))).toBeUndefined();
    expect(await store.head(keys.upload(finished.upload.id))).toBeUndefined();
  });
});
