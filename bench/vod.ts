/**
 * The `vod` benchmark: what the local worker adds to ffmpeg, how soon an upload plays, and what tus
 * costs over a plain HTTP upload.
 * - transcode: one file through the worker (probe, ladder, packaging, storage writes) against the same
 *   ffmpeg argv run bare with its outputs drained; speed is media seconds per wall second, CPU counts
 *   the whole process tree (`npm run bench` runs nothing else meanwhile, the machine may).
 * - upload → playable: from the last tus byte to the asset `ready` on the running platform (probe,
 *   queue, transcode, manifests).
 * - upload throughput: `curl` PATCH to the platform's tus endpoint against `curl -T` of the same file to
 *   a bare node:http PUT sink writing to the same disk.
 * Targets: packaging overhead ≤ 5 % CPU over bare ffmpeg; tus ≥ 0.8 × raw upload throughput.
 */
import { execFile } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { cryptoRandom, systemClock } from "#core/clock.ts";
import { parseConfig } from "#core/config/parse.ts";
import { parseLadderConfig } from "#core/ladder/config.ts";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import { assetRecordSchema } from "#core/records/schemas.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { QueuedTranscodeBackend } from "#core/vod/queued-backend.ts";
import { createAsset } from "#core/vod/uploads.ts";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { createLogger } from "#core-node/logger.ts";
import { buildVodArgs } from "#transcoder/ffmpeg/args.ts";
import { locateFfmpeg } from "#transcoder/ffmpeg/locate.ts";
import { probe, sourceInfoFromProbe } from "#transcoder/ffmpeg/probe.ts";
import { selectLadder } from "#transcoder/ladder/select.ts";
import { LocalTranscodeWorker } from "#transcoder/vod/local-worker.ts";
import { makeMp4 } from "#transcoder/vod/testing/sources.ts";
import { startPlatform } from "../scripts/platform/platform.ts";
import { startBareFfmpeg } from "./ingest/bare-ffmpeg.ts";
import { treeSampler } from "./ingest/proc-usage.ts";

const run = promisify(execFile);

export interface VodRow {
  row: string;
  tributary: string;
  peer: string;
  ratio: string;
  target: string;
}

async function until(store: ObjectStore, assetId: string): Promise<string> {
  for (;;) {
    const asset = (await readJson(store, keys.asset(assetId), assetRecordSchema))?.value;
    if (asset?.status === "ready" || asset?.status === "errored") return asset.status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The worker against bare ffmpeg on the same argv. */
async function transcodeRow(dir: string, seconds: number): Promise<VodRow> {
  const source = await makeMp4(join(dir, "source.mp4"), { seconds, width: 1280, height: 720 });
  const tools = await locateFfmpeg();
  const info = sourceInfoFromProbe(await probe(tools.ffprobe, source));
  if (info === null) throw new TypeError("the bench source has no video");
  const args = buildVodArgs(selectLadder(info, parseLadderConfig({})), { path: source }).args;

  const bareSampler = treeSampler([process.pid], 100);
  await bareSampler.start();
  const bare = startBareFfmpeg(args, 1, seconds + 1);
  await bare.exited;
  const bareUsage = await bareSampler.stop();

  const store = new FsObjectStore({ root: join(dir, "store"), durable: false });
  const worker = new LocalTranscodeWorker({ store, tools, clock: systemClock, scratchDir: join(dir, "scratch"), outbound: { allowPrivateTargets: false }, policy: { concurrency: 1, pollMs: 50 } });
  const asset = await createAsset({ store, clock: systemClock, random: cryptoRandom }, "bench", { name: "bench" });
  const sampler = treeSampler([process.pid], 100);
  await sampler.start();
  worker.start();
  await new QueuedTranscodeBackend({ store, clock: systemClock }).submit({ assetId: asset.id, tenantId: "bench", mediaId: asset.mediaId, source: { kind: "file", path: source }, limits: { maxSizeBytes: 1024 ** 3, maxDurationSeconds: 3600 } });
  const status = await until(store, asset.id);
  const usage = await sampler.stop();
  await worker.close();
  if (status !== "ready") throw new Error("the bench transcode errored");
  const overhead = usage.cpuSeconds / bareUsage.cpuSeconds - 1;
  return {
    row: `transcode ${seconds} s 720p → default ladder`,
    tributary: `${(seconds / usage.wallSeconds).toFixed(2)}× real time, ${usage.cpuSeconds.toFixed(1)} CPU-s`,
    peer: `bare ffmpeg: ${(seconds / bareUsage.wallSeconds).toFixed(2)}× real time, ${bareUsage.cpuSeconds.toFixed(1)} CPU-s`,
    ratio: `${overhead >= 0 ? "+" : ""}${(overhead * 100).toFixed(1)} % CPU`,
    target: overhead <= 0.05 ? "≤ 5 %: met" : "≤ 5 %: missed",
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * A large real video with no encoding cost: raw 640x360 frames in Matroska (about 10 MiB a second),
 * so the finish-time probe is the one real uploads get.
 */
async function rawVideo(path: string, seconds: number): Promise<number> {
  await run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", String(seconds), "-c:v", "rawvideo", "-pix_fmt", "yuv420p", "-f", "matroska", path]);
  return (await stat(path)).size;
}

/** Bytes per second curl reports for one upload; `accept` is the answer expected. */
async function curlSpeed(args: string[], accept = /^2\d\d$/): Promise<number> {
  const { stdout } = await run("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code} %{speed_upload}", ...args], { maxBuffer: 1024 * 1024 });
  const [code, speed] = stdout.trim().split(" ");
  if (!accept.test(code ?? "")) throw new Error(`curl upload answered ${code}`);
  return Number(speed);
}

/** A plain PUT sink on this host, writing the body to disk like the tus file store does. */
async function rawSink(dir: string): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    void pipeline(req, createWriteStream(join(dir, "raw-upload"))).then(() => res.writeHead(201).end(), () => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/upload`, close: () => server.close() };
}

async function platformRows(dir: string, quick: boolean): Promise<VodRow[]> {
  const platform = await startPlatform(parseConfig({ dataDir: join(dir, "platform"), logLevel: "warn", edge: { port: 0 }, relay: { rtmpPort: 0, rtmpsPort: 0, srtPort: 0, httpPort: 0 } }), { log: createLogger("bench", "warn"), worker: { pollMs: 50 } });
  const api = async (path: string, body: unknown) =>
    (await (await fetch(`${platform.edgeUrl}/api/v1${path}`, { method: "POST", headers: { authorization: `Bearer ${platform.adminKey ?? ""}`, "content-type": "application/json" }, body: JSON.stringify(body) })).json()) as { url: string; assetId: string };
  const tusPatch = async (file: string, size: number, accept?: RegExp, maxDurationSeconds?: number) => {
    const created = await api("/uploads", { name: "bench", ...(maxDurationSeconds === undefined ? {} : { maxDurationSeconds }) });
    const location = (await fetch(created.url, { method: "POST", headers: { "tus-resumable": "1.0.0", "upload-length": String(size) } })).headers.get("location") ?? "";
    const speed = await curlSpeed(["-X", "PATCH", "-H", "Tus-Resumable: 1.0.0", "-H", "Upload-Offset: 0", "-H", "Content-Type: application/offset+octet-stream", "-T", file, location], accept);
    return { speed, assetId: created.assetId };
  };
  try {
    const clip = await makeMp4(join(dir, "clip.mp4"), { seconds: 10, width: 640, height: 360 });
    const { assetId } = await tusPatch(clip, (await stat(clip)).size);
    const uploaded = performance.now();
    const status = await until(platform.store, assetId);
    const playable = (performance.now() - uploaded) / 1000;

    const big = join(dir, "big.mkv");
    const bytes = await rawVideo(big, quick ? 6 : 25);
    const sink = await rawSink(dir);
    // Alternated three times, medians kept: the machine's other load moves single runs a lot.
    const raws: number[] = [];
    const tuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      raws.push(await curlSpeed(["-T", big, sink.url]));
      // Probed once the last byte is in and refused as longer than the 1 s cap (422): no transcode competes with the next run.
      tuses.push((await tusPatch(big, bytes, /^422$/, 1)).speed);
    }
    sink.close();
    const raw = median(raws);
    const tus = median(tuses);
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB/s`;
    return [
      { row: "upload complete → first playable (10 s 360p)", tributary: status === "ready" ? `${playable.toFixed(2)} s` : status, peer: "", ratio: "", target: "" },
      { row: `upload throughput (${(bytes / 1024 / 1024).toFixed(0)} MiB video, curl; tus includes the finish-time probe)`, tributary: `tus PATCH ${mib(tus)}`, peer: `raw curl -T ${mib(raw)}`, ratio: `${(tus / raw).toFixed(2)}×`, target: tus / raw >= 0.8 ? "≥ 0.8×: met" : "≥ 0.8×: missed" },
    ];
  } finally {
    await platform.close();
  }
}

export async function runVodBench(quick = false): Promise<VodRow[]> {
  const dir = await mkdtemp(join(tmpdir(), "tributary-bench-vod-"));
  try {
    return [await transcodeRow(dir, quick ? 10 : 30), ...(await platformRows(dir, quick))];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
