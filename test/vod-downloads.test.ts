// A 20 s file through the local VOD job, then its downloads, pictures at any time and storyboard
// through the edge: real ffmpeg writes every byte and ffprobe reads back what the edge serves.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, cryptoRandom } from "#core/clock.ts";
import { registerMedia } from "#core/records/media.ts";
import type { RecordContext } from "#core/records/context.ts";
import { createTenant } from "#core/records/tenants.ts";
import { createTenantSigningKey } from "#core/records/tenant-signing-keys.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { keys } from "#core/storage/keys.ts";
import { storedPlaybackKeys } from "#core/tokens/keyring-store.ts";
import { signPlaybackToken } from "#core/tokens/sign.ts";
import { storedTenantKeys } from "#core/tokens/tenant-keys.ts";
import type { UsageRecord } from "#core/usage/usage-record.ts";
import { moveAsset } from "#core/vod/asset-state.ts";
import { createAsset } from "#core/vod/uploads.ts";
import { createEdgeApp } from "#edge/app.ts";
import { ingest, PUBLIC_URL } from "#edge/testing/api-test-kit.ts";
import { locateFfmpeg, type FfmpegTools } from "#transcoder/ffmpeg/locate.ts";
import { probe } from "#transcoder/ffmpeg/probe.ts";
import { runTool } from "#transcoder/ffmpeg/run.ts";
import { makeClip, tempDir } from "#transcoder/ffmpeg/testing/media.ts";
import { ffmpegFrameRenderer } from "#transcoder/thumbnails/frame-at.ts";
import { runLocalVodJob } from "#transcoder/vod/local-job.ts";
import { writeStaticOutputs, type StaticOutputs } from "#transcoder/vod/static/static-outputs.ts";

const clock = new ManualClock(Date.UTC(2026, 11, 4, 12));
const store = new MemoryObjectStore({ clock });
const ctx: RecordContext = { store, clock, random: cryptoRandom };
const usage: UsageRecord[] = [];
let dir: string;
let cleanup: () => Promise<void>;
let tools: FfmpegTools;
let mediaId: string;
let assetId: string;
let acmeKey: string;
let outputs: StaticOutputs;

const ladder = { rungs: [{ name: "360p", width: 640, height: 360, bitrate: 600_000, preset: "ultrafast" }, { name: "240p", width: 426, height: 240, bitrate: 300_000, preset: "ultrafast" }] };

const edge = (frames: boolean) =>
  createEdgeApp({
    store,
    clock,
    keys: storedPlaybackKeys(store, 0, () => clock.now()),
    tenantKeys: storedTenantKeys(store, 0, () => clock.now()),
    viewer: () => ({}),
    usage: { record: (record) => void usage.push(record), flush: async () => undefined },
    ...(frames ? { frames: ffmpegFrameRenderer(tools.ffmpeg) } : {}),
    api: { ingest, publicUrl: PUBLIC_URL, rateLimit: { burst: 1000, perSecond: 1000 } },
  });
let app: ReturnType<typeof edge>;

/** A token minted by the API for acme, with the given extra request fields. */
async function mint(body: Record<string, unknown>): Promise<Response> {
  return app.request("/api/v1/playback-tokens", { method: "POST", headers: { authorization: `Bearer ${acmeKey}`, "content-type": "application/json" }, body: JSON.stringify(body) });
}
async function token(body: Record<string, unknown> = {}): Promise<string> {
  return ((await (await mint({ mediaId, ...body })).json()) as { token: string }).token;
}

/** Writes `bytes` to a scratch file and ffprobes it. */
async function probeBytes(bytes: Uint8Array, name: string) {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return probe(tools.ffprobe, path);
}

/** PSNR (dB) of the JPEG at `path` against the download's picture at `at` seconds, scaled alike. */
async function psnrAgainstDownload(path: string, at: number): Promise<number> {
  const download = join(dir, "served-highest.mp4");
  const reference = join(dir, `reference-${at}.jpg`);
  const made = await runTool(tools.ffmpeg, ["-v", "error", "-y", "-ss", String(at), "-i", download, "-frames:v", "1", "-vf", "scale=320:-2", "-q:v", "2", reference]);
  expect(made.exitCode).toBe(0);
  const compared = await runTool(tools.ffmpeg, ["-hide_banner", "-i", path, "-i", reference, "-lavfi", "psnr", "-f", "null", "-"]);
  const average = /average:([\d.]+|inf)/.exec(compared.stderr)?.[1];
  return average === "inf" ? 100 : Number(average);
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("vod-downloads-"));
  tools = await locateFfmpeg();
  app = edge(true);
  acmeKey = (await createTenant(ctx, { id: "acme", name: "Acme" })).adminKey;
  await createTenant(ctx, { id: "bravo", name: "Bravo" });
  const asset = await createAsset(ctx, "acme", { name: "clip" });
  ({ mediaId, id: assetId } = asset);
  const input = await makeClip(join(dir, "in.flv"), { seconds: 20, width: 640, height: 360, fps: 30, gop: 30 });
  const result = await runLocalVodJob({ store, mediaId, input, tools, clock, ladder });
  outputs = await writeStaticOutputs({ store, ffmpeg: tools.ffmpeg, tools, mediaId, scratchDir: dir }, result.ladder);
  await moveAsset(store, assetId, "ready", { durationSeconds: 20, downloads: outputs.downloads, ...(outputs.storyboard === undefined ? {} : { storyboard: outputs.storyboard }) });
  await registerMedia(store, { id: "bravovod", tenantId: "bravo", kind: "vod", createdAt: new Date(clock.now()).toISOString() });
  await store.put(keys.download("bravovod", "highest.mp4"), new Uint8Array(16), { contentType: "video/mp4" });
}, 180_000);
afterAll(async () => {
  await cleanup();
});

describe("downloads through the edge", () => {
  it("serves highest.mp4 whole and by range to a downloadable token, as an attachment, metered", async () => {
    const minted = (await (await mint({ mediaId, downloadable: true })).json()) as { token: string; urls: { download: string } };
    expect(minted.urls.download).toBe(`${PUBLIC_URL}/p/${minted.token}/${mediaId}/download/highest.mp4`);
    const path = new URL(minted.urls.download).pathname;
    const whole = await app.request(path);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-disposition")).toBe(`attachment; filename="${mediaId}-highest.mp4"`);
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    const bytes = new Uint8Array(await whole.arrayBuffer());
    expect(bytes.byteLength).toBe(outputs.downloads.find((d) => d.name === "highest.mp4")?.bytes);
    const info = await probeBytes(bytes, "served-highest.mp4");
    expect(info.streams.map((s) => s.codecType)).toEqual(["video", "audio"]);
    usage.length = 0;
    const ranged = await app.request(path, { headers: { range: "bytes=100-1099" } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe(`bytes 100-1099/${bytes.byteLength}`);
    expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(bytes.subarray(100, 1100));
    expect(usage.map((r) => [r.kind, r.bytes, r.status, r.tenantId])).toEqual([["other", 1000, 206, "acme"]]);
    const audio = await app.request(path.replace("highest.mp4", "audio.m4a"));
    expect(audio.status).toBe(200);
    expect((await probeBytes(new Uint8Array(await audio.arrayBuffer()), "served-audio.m4a")).streams.map((s) => s.codecType)).toEqual(["audio"]);
  });

  it("refuses a token without the downloadable claim with 403 and a clear message", async () => {
    const response = await app.request(`/p/${await token()}/${mediaId}/download/highest.mp4`);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "token.not_downloadable", message: expect.stringContaining('"downloadable": true') } });
    const played = await app.request(`/p/${await token()}/${mediaId}/master.m3u8`);
    expect(played.status).toBe(200);
  });

  it("refuses another tenant's media: the API will not mint for it, and acme's own key cannot grant it", async () => {
    expect((await mint({ mediaId: "bravovod", downloadable: true })).status).toBe(404);
    const key = await createTenantSigningKey(ctx, "acme", "EdDSA");
    const forged = await signPlaybackToken(key, { mediaId: "bravovod", tenantId: "acme", expiresAt: Math.floor(clock.now() / 1000) + 600, downloadable: true }, clock.now());
    expect((await app.request(`/p/${forged}/bravovod/download/highest.mp4`)).status).toBe(403);
    const acmeToken = await token({ downloadable: true });
    expect((await app.request(`/p/${acmeToken}/bravovod/download/highest.mp4`)).status).toBe(403);
  });

  it("lists the downloads and the storyboard on the asset view", async () => {
    const view = (await (await app.request(`/api/v1/assets/${assetId}`, { headers: { authorization: `Bearer ${acmeKey}` } })).json()) as Record<string, unknown>;
    expect(view["downloads"]).toEqual(outputs.downloads);
    expect(view["storyboard"]).toMatchObject({ sprite: "storyboard.jpg", index: "storyboard.vtt", tileWidth: 160 });
  });
});

describe("pictures at any time", () => {
  it("decodes t=5 at the requested width, then serves it from storage", async () => {
    const path = `/p/${await token()}/${mediaId}/thumbnail.jpg?time=5&width=320`;
    const response = await app.request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    const jpeg = new Uint8Array(await response.arrayBuffer());
    const picture = (await probeBytes(jpeg, "t5.jpg")).streams[0];
    expect([picture?.codecName, picture?.width, picture?.height]).toEqual(["mjpeg", 320, 180]);
    // The picture is the one at 5 s: nearer a reference decoded from the download at 5 s than at 4 s or 6 s.
    const served = join(dir, "t5.jpg");
    const nearness = await Promise.all([4, 5, 6].map((at) => psnrAgainstDownload(served, at)));
    expect(nearness[1]).toBeGreaterThan(Math.max(nearness[0] ?? 0, nearness[2] ?? 0) + 3);
    const stored = await store.get(keys.frame(mediaId, 50, 320));
    expect(stored).toBeDefined();
    // An edge without a decoder (Workers) serves what is stored and answers 501 for anything else.
    const workers = edge(false);
    const again = await workers.request(path);
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(jpeg);
    const other = await workers.request(path.replace("time=5", "time=6"));
    expect(other.status).toBe(501);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe("media.frame_unavailable");
  });

  it("refuses times outside the media and widths past the cap", async () => {
    const base = `/p/${await token()}/${mediaId}/thumbnail.jpg`;
    for (const query of ["?time=25", "?time=-1", "?time=abc", "?width=320", "?time=5&width=4000", "?time=5&width=8"]) {
      const response = await app.request(`${base}${query}`);
      expect([query, response.status]).toEqual([query, 400]);
    }
  });
});

describe("storyboard through the edge", () => {
  it("serves the WebVTT index whose cues lie inside the sprite it serves", async () => {
    const base = `/p/${await token()}/${mediaId}`;
    const vtt = await (await app.request(`${base}/storyboard.vtt`)).text();
    const sprite = await app.request(`${base}/storyboard.jpg`);
    expect(sprite.status).toBe(200);
    const measured = (await probeBytes(new Uint8Array(await sprite.arrayBuffer()), "board.jpg")).streams[0];
    const cues = [...vtt.matchAll(/^[\d:.]+ --> [\d:.]+\n(storyboard\.jpg)#xywh=(\d+),(\d+),(\d+),(\d+)$/gm)];
    expect(cues.length).toBe(10);
    for (const cue of cues) {
      const [x, y, w, h] = cue.slice(2, 6).map(Number) as [number, number, number, number];
      expect(x + w).toBeLessThanOrEqual(measured?.width ?? 0);
      expect(y + h).toBeLessThanOrEqual(measured?.height ?? 0);
    }
  });
});
