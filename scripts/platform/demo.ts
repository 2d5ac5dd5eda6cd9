/**
 * What `npm start` sets up for a first look: a demo stream (its key rotated at every start, since only
 * its hash is kept) and a sample VOD made with ffmpeg on first start.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { z } from "zod";
import type { RecordContext } from "#core/records/context.ts";
import { newId } from "#core/records/ids.ts";
import { registerMedia } from "#core/records/media.ts";
import { saveAsset } from "#core/records/assets.ts";
import { createStream, getStream, rotateStreamKey, updateStream, type StreamWithKey } from "#core/records/streams.ts";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import type { FfmpegTools } from "#transcoder/ffmpeg/locate.ts";
import { runLocalVodJob } from "#transcoder/vod/local-job.ts";
import type { Logger } from "#core-node/logger.ts";

const run = promisify(execFile);
const pointerSchema = z.object({ id: z.string() });

/** 20 URL-safe characters: within libsrt's 10..79 and safe in an srt:// query string. */
function demoPassphrase(ctx: RecordContext): string {
  return Buffer.from(ctx.random.bytes(15)).toString("base64url");
}

export async function ensureDemoStream(ctx: RecordContext, tenantId: string): Promise<StreamWithKey> {
  const marker = await readJson(ctx.store, keys.system("demo-stream"), pointerSchema);
  const existing = marker ? await getStream(ctx, tenantId, marker.value.id) : undefined;
  if (existing) {
    // Demo streams made before SRT ingest have no passphrase yet.
    if (existing.srtPassphrase === undefined) await updateStream(ctx, tenantId, existing.id, { srtPassphrase: demoPassphrase(ctx) });
    return rotateStreamKey(ctx, tenantId, existing.id);
  }
  const created = await createStream(ctx, tenantId, { name: "Demo stream", srtPassphrase: demoPassphrase(ctx) });
  await ctx.store.put(keys.system("demo-stream"), JSON.stringify({ id: created.stream.id }), { contentType: "application/json" });
  return created;
}

export interface SampleOptions {
  seconds: number;
  width: number;
  height: number;
  /** Ladder configuration for the sample's transcode. */
  ladder?: unknown;
}

/** The sample VOD's media id, transcoding it from a generated test pattern on first call. */
export async function ensureSampleVod(ctx: RecordContext, tenantId: string, tools: FfmpegTools, log: Logger, sample: SampleOptions): Promise<string> {
  const marker = await readJson(ctx.store, keys.system("sample-vod"), pointerSchema);
  if (marker && (await ctx.store.head(keys.multivariant(marker.value.id)))) return marker.value.id;
  const mediaId = newId(ctx.clock, ctx.random);
  const createdAt = new Date(ctx.clock.now()).toISOString();
  await registerMedia(ctx.store, { id: mediaId, tenantId, kind: "vod", assetId: mediaId, createdAt });
  const dir = await mkdtemp(join(tmpdir(), "tributary-sample-"));
  try {
    const input = join(dir, "sample.mp4");
    log.info({ mediaId }, "making the sample VOD with ffmpeg (first start only)");
    await run(tools.ffmpeg, [
      "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
      "-f", "lavfi", "-i", `testsrc2=size=${sample.width}x${sample.height}:rate=30`,
      "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
      "-t", String(sample.seconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", input,
    ]);
    const result = await runLocalVodJob({ store: ctx.store, mediaId, input, tools, clock: ctx.clock, log, ...(sample.ladder === undefined ? {} : { ladder: sample.ladder }) });
    await saveAsset(ctx, {
      id: mediaId,
      tenantId,
      kind: "upload",
      createdAt,
      mediaId,
      status: "ready",
      ...(result.durationSeconds === undefined ? {} : { durationSeconds: result.durationSeconds }),
      renditions: result.ladder.video.map((rung) => ({ name: rung.name, width: rung.width, height: rung.height, bandwidth: rung.maxrate })),
      job: { backend: "local", progress: 1 },
    });
    await ctx.store.put(keys.system("sample-vod"), JSON.stringify({ id: mediaId }), { contentType: "application/json" });
    return mediaId;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
