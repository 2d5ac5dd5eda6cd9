// Publishing a video file end to end on the Node platform: a tus upload cut off halfway resumes over
// real HTTP, the file is probed, transcoded by the local worker and played back; files that are not
// media become errored assets with a reason while the queue goes on; uploads and assets stay with
// their tenant.
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import * as tus from "tus-js-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "#core/records/tenants.ts";
import { makeCorrupt, makeMp4 } from "#transcoder/vod/testing/sources.ts";
import { playbackUrls } from "../scripts/platform/banner.ts";
import { decodeStreams } from "./support/ffprobe.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";
import { usageRecords } from "./support/usage-records.ts";

const LADDER = [
  { name: "360p", width: 640, height: 360, bitrate: 600_000, preset: "ultrafast" },
  { name: "240p", width: 426, height: 240, bitrate: 300_000, preset: "ultrafast" },
];
const CHUNK = 256 * 1024;

let platform: TestPlatform;
let admin: string;
let other: string;
let film: Buffer;
let corrupt: Buffer;
let short: Buffer;
let files: Server;
let filesUrl: string;

interface AssetBody {
  id: string;
  status: string;
  progress: number;
  durationSeconds?: number;
  renditions: { name: string; width: number; height: number }[];
  error?: { code: string; message: string };
}

async function api(key: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${platform.edgeUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function createUpload(name: string, extra: Record<string, unknown> = {}): Promise<{ uploadId: string; assetId: string; url: string }> {
  const response = await api(admin, "POST", "/uploads", { name, ladder: LADDER, maxDurationSeconds: 60, ...extra });
  expect(response.status).toBe(201);
  return (await response.json()) as { uploadId: string; assetId: string; url: string };
}

async function asset(id: string, key = admin): Promise<AssetBody> {
  return (await (await api(key, "GET", `/assets/${id}`)).json()) as AssetBody;
}

/** Polls the asset until it is finished; returns it with every status it was seen in. */
async function finished(id: string): Promise<{ asset: AssetBody; seen: string[] }> {
  const seen: string[] = [];
  for (;;) {
    const current = await asset(id);
    if (seen.at(-1) !== current.status) seen.push(current.status);
    if (current.status === "ready" || current.status === "errored") return { asset: current, seen };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function upload(bytes: Buffer, options: tus.UploadOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    new tus.Upload(bytes, { chunkSize: CHUNK, retryDelays: null, ...options, onSuccess: () => resolve(), onError: reject }).start();
  });
}

async function headOffset(url: string): Promise<number> {
  const response = await fetch(url, { method: "HEAD", headers: { "tus-resumable": "1.0.0" } });
  expect(response.status).toBe(200);
  return Number(response.headers.get("upload-offset"));
}

beforeAll(async () => {
  platform = await startTestPlatform({ vod: { allowPrivateSources: true }, usage: { batchWindowSeconds: 1 } }, { worker: { pollMs: 200, renewMs: 300, concurrency: 1 } });
  admin = platform.adminKey ?? "";
  other = (await createTenant(platform.records, { id: "other", name: "Other" })).adminKey;
  film = await readFile(await makeMp4(join(platform.dataDir, "film.mp4"), { seconds: 20, width: 640, height: 360 }));
  corrupt = await readFile(await makeCorrupt(join(platform.dataDir, "junk.mp4")));
  short = await readFile(await makeMp4(join(platform.dataDir, "short.mp4"), { seconds: 3, width: 320, height: 180 }));
  files = createServer((req, res) => res.end(req.url === "/short.mp4" ? short : corrupt));
  await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
  const address = files.address();
  filesUrl = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
}, 120_000);

afterAll(async () => {
  files?.close();
  await platform?.stop();
});

describe("publishing a video file", () => {
  it("resumes a tus upload cut off halfway, then transcodes it into a ladder ffprobe decodes", async () => {
    const created = await createUpload("film");
    let location = "";
    await new Promise<void>((resolve, reject) => {
      const first: tus.Upload = new tus.Upload(film, {
        endpoint: created.url,
        chunkSize: CHUNK,
        retryDelays: null,
        onUploadUrlAvailable: () => (location = first.url ?? ""),
        onProgress: (sent, total) => {
          if (sent >= total / 2) void first.abort().then(resolve);
        },
        onSuccess: () => reject(new Error("the upload was meant to be cut off")),
        onError: reject,
      });
      first.start();
    });
    const offset = await headOffset(location);
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(film.byteLength);
    expect((await asset(created.assetId)).status).toBe("uploading");

    const resumedFrom: string[] = [];
    await upload(film, { uploadUrl: location, onBeforeRequest: (req) => void (req.getMethod() === "PATCH" && resumedFrom.push(req.getHeader("Upload-Offset") ?? "")) });
    expect(resumedFrom[0]).toBe(String(offset));
    expect(await headOffset(location)).toBe(film.byteLength);

    const { asset: ready, seen } = await finished(created.assetId);
    expect(ready.error).toBeUndefined();
    expect(ready.status).toBe("ready");
    expect(seen.at(-1)).toBe("ready");
    expect(ready.durationSeconds).toBeCloseTo(20, 0);
    expect(ready.renditions.map((r) => r.name)).toEqual(["360p", "240p"]);

    const { hls, dash } = await playbackUrls(platform, created.assetId);
    for (const rendition of ready.renditions) {
      const video = (await decodeStreams(hls.replace("master.m3u8", `${rendition.name}/index.m3u8`))).find((s) => s.codecType === "video");
      expect(video?.height).toBe(rendition.height);
      expect(video?.frames).toBeGreaterThanOrEqual(20 * 30 - 2);
    }
    const fromMpd = await decodeStreams(dash);
    expect(fromMpd.filter((s) => s.codecType === "video").length).toBe(2);
    expect(fromMpd.every((s) => s.frames > 0)).toBe(true);
  }, 300_000);

  it("packages an aes-128 upload encrypted, with no clear downloads, and meters its encode per rendition", async () => {
    const created = await createUpload("sealed", { encryption: "aes-128" });
    await upload(short, { endpoint: created.url });
    const { asset: ready } = await finished(created.assetId);
    expect([ready.status, ready.error]).toEqual(["ready", undefined]);
    const body = (await (await api(admin, "GET", `/assets/${created.assetId}`)).json()) as { mediaId: string; downloads?: unknown[] };
    expect(body.downloads ?? []).toEqual([]);
    const rendition = ready.renditions[0]?.name ?? "";
    const { hls } = await playbackUrls(platform, created.assetId);
    const playlistUrl = hls.replace("master.m3u8", `${rendition}/index.m3u8`);
    const media = await (await fetch(playlistUrl)).text();
    expect(media).toMatch(/#EXT-X-KEY:METHOD=AES-128,URI="[^"]*\/k\//);
    // Segments are ciphertext: no box structure a player could read without the key.
    const segment = media.split("\n").find((line) => line.includes(".m4s")) ?? "";
    const response = await fetch(new URL(segment, playlistUrl));
    expect(response.status).toBe(200);
    const type = new TextDecoder().decode(new Uint8Array(await response.arrayBuffer()).subarray(4, 8));
    expect(["styp", "moof"]).not.toContain(type);

    const wanted = [...ready.renditions.map((r) => r.name), "audio"].sort();
    let encoded: string[] = [];
    for (let i = 0; i < 50 && encoded.length < wanted.length; i++) {
      const records = (await usageRecords(platform.store, "vod")).filter((r) => r.kind === "encode" && r.mediaId === body.mediaId);
      for (const record of records) expect(record.mediaSeconds).toBeCloseTo(3, 0);
      encoded = records.map((r) => r.rendition ?? "").sort();
      if (encoded.length < wanted.length) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(encoded).toEqual(wanted);
  }, 180_000);

  it("errors an upload that is not media with a reason, and the queue goes on", async () => {
    const created = await createUpload("junk");
    const failure = await upload(corrupt, { endpoint: created.url }).catch((error: unknown) => error);
    expect(String(failure)).toMatch(/not a video ffprobe can read/);
    const errored = await asset(created.assetId);
    expect(errored.status).toBe("errored");
    expect(errored.error?.code).toBe("media.invalid");

    // Through the worker: a broken URL ingest ahead of a good one.
    const bad = (await (await api(admin, "POST", "/assets", { url: `${filesUrl}/junk.mp4`, ladder: LADDER })).json()) as AssetBody;
    const good = (await (await api(admin, "POST", "/assets", { url: `${filesUrl}/short.mp4`, ladder: LADDER })).json()) as AssetBody;
    expect((await finished(bad.id)).asset.error?.message).toMatch(/not a video ffprobe can read/);
    const done = (await finished(good.id)).asset;
    expect(done.status).toBe("ready");
    // A 180p source is never scaled up: one rung, fitted to it.
    expect(done.renditions.map((r) => r.height)).toEqual([180]);
  }, 300_000);

  it("keeps uploads and assets with their tenant, and an upload URL single-use", async () => {
    const created = await createUpload("mine");
    expect((await api(other, "GET", `/assets/${created.assetId}`)).status).toBe(404);
    expect((await api(other, "DELETE", `/assets/${created.assetId}`)).status).toBe(404);
    const listed = (await (await api(other, "GET", "/assets")).json()) as { data: AssetBody[] };
    expect(listed.data.map((a) => a.id)).not.toContain(created.assetId);

    const creation = { method: "POST", headers: { "tus-resumable": "1.0.0", "upload-length": "1000" } };
    const wrongToken = created.url.replace(/\/[^/]+$/, "/ut_wrong");
    expect((await fetch(wrongToken, creation)).status).toBe(404);
    const theirs = await (await api(other, "POST", "/uploads", { name: "theirs" })).json() as { url: string };
    const swapped = `${created.url.replace(/\/[^/]+\/[^/]+$/, "")}/${theirs.url.split("/").at(-2)}/${created.url.split("/").at(-1)}`;
    expect((await fetch(swapped, creation)).status).toBe(404);

    expect((await fetch(created.url, creation)).status).toBe(201);
    expect((await fetch(created.url, creation)).status).toBe(409);
    expect((await fetch(created.url, { method: "DELETE", headers: { "tus-resumable": "1.0.0" } })).status).toBe(204);
    const terminated = await finished(created.assetId);
    expect(terminated.asset.error?.code).toBe("upload.terminated");
    const tooBig = await (await api(admin, "POST", "/uploads", { name: "big", maxSizeBytes: 500 })).json() as { url: string };
    expect((await fetch(tooBig.url, creation)).status).toBe(413);
    expect((await fetch(created.url)).status).toBe(405);
  });
});
