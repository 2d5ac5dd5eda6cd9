/**
 * One claimed job from start to finish: the source onto local disk, admitted (ffprobe, caps), the
 * ladder transcoded and packaged with the playlists written last, the poster, downloads and storyboard
 * derived from the stored package, then the asset `ready`. Progress
 * comes from ffmpeg's `-progress` output time against the probed duration.
 */
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { TributaryError } from "#core/errors.ts";
import type { Clock } from "#core/clock.ts";
import type { ContentKeyStore } from "#core/drm/content-key-store.ts";
import type { KeyProvider } from "#core/drm/key-provider.ts";
import { streamLadderConfig } from "#core/ladder/stream-ladder.ts";
import type { OutboundPolicy } from "#core/net/outbound-target.ts";
import { getAsset } from "#core/records/assets.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { UsageSink } from "#core/usage/usage-record.ts";
import type { TranscodeJob } from "#core/vod/transcode-jobs.ts";
import type { Logger } from "#core-node/logger.ts";
import { mediaProtection } from "../encryption/media-protection.ts";
import type { FfmpegTools } from "../ffmpeg/locate.ts";
import { admitSource } from "./admit-source.ts";
import { runLocalVodJob, type VodResult } from "./local-job.ts";
import { writePoster } from "./poster.ts";
import { sourceFile } from "./source-file.ts";
import { writeStaticOutputs, type StaticOutputs } from "./static/static-outputs.ts";

export interface QueuedJobContext {
  store: ObjectStore;
  tools: FfmpegTools;
  clock: Clock;
  scratchDir: string;
  outbound: OutboundPolicy;
  log?: Logger | undefined;
  /** Where the job's `encode` records go (docs/usage.md); unmetered when absent. */
  usage?: UsageSink | undefined;
  /** Sealed content keys for assets whose `encryption` is not `none`; such an asset fails without them. */
  contentKeys?: { store: Pick<ContentKeyStore, "periodKey">; provider: KeyProvider } | undefined;
}

export interface QueuedJobResult extends VodResult, StaticOutputs {
  durationSeconds: number;
}

function ladderConfig(ladder: unknown): unknown {
  if (ladder === undefined) return undefined;
  if (typeof ladder === "string" || Array.isArray(ladder)) return streamLadderConfig(ladder as string | Record<string, unknown>[], "normal");
  return ladder;
}

/** Runs `job`; `onProgress` gets 0..1. Rejects with the error the asset should show. */
export async function runQueuedJob(ctx: QueuedJobContext, job: TranscodeJob, signal: AbortSignal, onProgress: (fraction: number) => void): Promise<QueuedJobResult> {
  const dir = join(ctx.scratchDir, job.assetId);
  await mkdir(dir, { recursive: true });
  try {
    const path = await sourceFile(job.source, { store: ctx.store, scratchPath: join(dir, "source"), maxSizeBytes: job.limits.maxSizeBytes, outbound: ctx.outbound, signal });
    const admitted = await admitSource(ctx.tools.ffprobe, path, job.limits);
    const durationUs = admitted.durationSeconds * 1_000_000;
    const encryption = (await getAsset(ctx, job.tenantId, job.assetId))?.encryption ?? "none";
    if (encryption !== "none" && ctx.contentKeys === undefined) throw new TributaryError("drm.key_unavailable", `the asset asks for ${encryption} encryption and this worker has no content-key store`);
    const protection = ctx.contentKeys === undefined ? undefined : mediaProtection(encryption, { tenantId: job.tenantId, mediaId: job.mediaId, keys: ctx.contentKeys.store, provider: ctx.contentKeys.provider });
    const result = await runLocalVodJob({
      store: ctx.store,
      mediaId: job.mediaId,
      input: path,
      tools: ctx.tools,
      clock: ctx.clock,
      ladder: ladderConfig(job.ladder),
      signal,
      probed: admitted.info,
      jobId: job.assetId,
      tenantId: job.tenantId,
      ...(ctx.usage ? { usage: ctx.usage } : {}),
      ...(protection ? { protection } : {}),
      ...(ctx.log ? { log: ctx.log } : {}),
      onProgress: (update) => {
        if (update.outTimeUs !== undefined && durationUs > 0) onProgress(Math.min(0.99, Math.max(0, update.outTimeUs / durationUs)));
      },
    });
    const top = result.ladder.video[0]?.name;
    // The poster, downloads and storyboard are made from the stored segments, which an encrypted asset
    // keeps only as ciphertext: it has none of them (clear pictures would give away what the keys guard).
    if (protection !== undefined) return { ...result, downloads: [], storyboard: undefined, durationSeconds: result.durationSeconds ?? admitted.durationSeconds };
    // A missing poster leaves a blank thumbnail, never an unplayable asset.
    if (top !== undefined) await writePoster(ctx.store, ctx.tools.ffmpeg, job.mediaId, top).catch((error: unknown) => ctx.log?.warn({ err: error, assetId: job.assetId }, "poster not written"));
    const outputs = await writeStaticOutputs({ store: ctx.store, ffmpeg: ctx.tools.ffmpeg, tools: ctx.tools, mediaId: job.mediaId, scratchDir: dir, log: ctx.log }, result.ladder);
    return { ...result, ...outputs, durationSeconds: result.durationSeconds ?? admitted.durationSeconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
