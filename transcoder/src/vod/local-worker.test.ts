import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cryptoRandom, systemClock } from "#core/clock.ts";
import type { RecordContext } from "#core/records/context.ts";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import { assetRecordSchema, type AssetRecord } from "#core/records/schemas.ts";
import { QueuedTranscodeBackend } from "#core/vod/queued-backend.ts";
import { readJob, transcodeJobSchema, type TranscodeJob } from "#core/vod/transcode-jobs.ts";
import { createAsset } from "#core/vod/uploads.ts";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { locateFfmpeg, type FfmpegTools } from "../ffmpeg/locate.ts";
import { tempDir } from "../ffmpeg/testing/media.ts";
import { LocalTranscodeWorker, type WorkerPolicy } from "./local-worker.ts";
import { makeMp4 } from "./testing/sources.ts";

const LADDER = [{ name: "180p", width: 320, height: 180, bitrate: 300_000, preset: "veryfast" }];
const LIMITS = { maxSizeBytes: 1024 ** 3, maxDurationSeconds: 600 };

let dir: string;
let cleanup: () => Promise<void>;
let store: FsObjectStore;
let ctx: RecordContext;
let tools: FfmpegTools;
let source: string;
const workers: LocalTranscodeWorker[] = [];

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("vod-worker-"));
  store = new FsObjectStore({ root: `${dir}/store`, durable: false });
  ctx = { store, clock: systemClock, random: cryptoRandom };
  tools = await locateFfmpeg();
  source = await makeMp4(`${dir}/source.mp4`, { seconds: 20, width: 320, height: 180 });
}, 60_000);

afterAll(async () => {
  for (const worker of workers) await worker.close();
  await cleanup();
});

function worker(policy: Partial<WorkerPolicy> = {}): LocalTranscodeWorker {
  const started = new LocalTranscodeWorker({ store, tools, clock: systemClock, scratchDir: `${dir}/scratch`, outbound: { allowPrivateTargets: false }, policy: { concurrency: 1, pollMs: 100, renewMs: 200, leaseMs: 2_000, ...policy } });
  workers.push(started);
  started.start();
  return started;
}

async function submitted(): Promise<string> {
  const asset = await createAsset(ctx, "t1", { name: "clip" });
  await new QueuedTranscodeBackend({ store, clock: systemClock }).submit({ assetId: asset.id, tenantId: "t1", mediaId: asset.mediaId, source: { kind: "file", path: source }, ladder: LADDER, limits: LIMITS });
  return asset.id;
}

async function readAsset(id: string): Promise<AssetRecord> {
  const document = await readJson(store, keys.asset(id), assetRecordSchema);
  if (document === undefined) throw new Error(`no asset ${id}`);
  return document.value;
}

async function until(id: string, done: (asset: AssetRecord) => boolean): Promise<AssetRecord> {
  for (;;) {
    const asset = await readAsset(id);
    if (done(asset)) return asset;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const finished = (asset: AssetRecord) => asset.status === "ready" || asset.status === "errored";

describe("LocalTranscodeWorker", () => {
  it("requeues the job of a worker process killed mid-transcode, and a restarted worker finishes it", async () => {
    const id = await submitted();
    const child = spawn(process.execPath, [new URL("./testing/worker-child.ts", import.meta.url).pathname, `${dir}/store`, `${dir}/scratch-child`, "1500", "200"], { stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const midway = await until(id, (asset) => asset.status === "processing" && (asset.job?.progress ?? 0) > 0);
    expect(midway.job?.progress).toBeLessThan(1);
    child.kill("SIGKILL");
    await exited;

    const orphan = await readJob(store, id);
    expect(orphan?.job.state).toBe("processing");
    expect(orphan?.job.attempts).toBe(1);
    expect(await store.head(keys.multivariant(id))).toBeUndefined();

    const events: string[] = [];
    const restarted = worker({ leaseMs: 1_500 });
    restarted.subscribe((event) => events.push(event.type));
    const ready = await until(id, finished);
    expect(ready.error).toBeUndefined();
    expect(ready.status).toBe("ready");
    expect(ready.durationSeconds).toBeCloseTo(20, 0);
    expect(events).toContain("started");
    expect(await readJob(store, id)).toBeUndefined();
    expect(await store.head(keys.multivariant(id))).toBeDefined();
    expect((await store.head(keys.poster(id)))?.contentType).toBe("image/jpeg");
    // The downloads and the storyboard are on the asset, with the sizes stored.
    expect(ready.downloads?.map((download) => download.name)).toEqual(["highest.mp4", "audio.m4a"]);
    for (const download of ready.downloads ?? []) expect((await store.head(keys.download(id, download.name)))?.size).toBe(download.bytes);
    expect(ready.storyboard).toMatchObject({ sprite: "storyboard.jpg", index: "storyboard.vtt", tileWidth: 160 });
    expect((await store.head(keys.storyboardIndex(id)))?.contentType).toBe("text/vtt");
    await restarted.close();
  }, 180_000);

  it("stops a running job when it is cancelled", async () => {
    const id = await submitted();
    const running = worker();
    await until(id, (asset) => asset.status === "processing");
    await running.cancel(id);
    const canceled = await until(id, finished);
    expect(canceled.status).toBe("errored");
    expect(canceled.error?.message).toBe("the transcode was cancelled");
    expect(await store.head(keys.mpd(id))).toBeUndefined();
    await running.close();
  }, 60_000);

  it("stops a job that runs past its timeout", async () => {
    const id = await submitted();
    // Shorter than any probe: the job is always still running when its time is up.
    const running = worker({ jobTimeoutMs: 1 });
    const timedOut = await until(id, finished);
    expect(timedOut.status).toBe("errored");
    expect(timedOut.error?.message).toMatch(/took longer than/);
    await running.close();
  }, 60_000);

  it("gives up a job whose worker died on it too many times", async () => {
    const id = await submitted();
    const stored = (await readJob(store, id))?.job as TranscodeJob;
    await store.put(keys.transcodeJob(id), JSON.stringify(transcodeJobSchema.parse({ ...stored, state: "processing", attempts: 3, lease: { owner: "gone", until: 0 } })));
    const running = worker({ maxAttempts: 3 });
    const given = await until(id, finished);
    expect(given.error?.message).toMatch(/stopped 3 times/);
    await running.close();
  }, 60_000);
});
