/**
 * The local VOD transcode: probe the file, fit the ladder to it, run the same one-decode ffmpeg
 * ladder as live, and package the same CMAF layout (VOD playlists, static MPD) into storage.
 */
import type { Clock } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { encodeUsageRecords } from "#core/usage/encode-usage.ts";
import type { UsageRecord, UsageSink } from "#core/usage/usage-record.ts";
import type { Logger } from "#core-node/logger.ts";
import { PackageWriter } from "../cmaf/package-writer.ts";
import type { MediaProtection } from "../encryption/media-protection.ts";
import { protectedSink } from "../encryption/protected-sink.ts";
import { buildVodArgs } from "../ffmpeg/args.ts";
import type { FfmpegTools } from "../ffmpeg/locate.ts";
import { probe, sourceInfoFromProbe, type ProbeResult } from "../ffmpeg/probe.ts";
import type { ProgressUpdate } from "../ffmpeg/progress.ts";
import { parseLadderConfig } from "#core/ladder/config.ts";
import { selectLadder } from "../ladder/select.ts";
import type { Ladder } from "#core/ladder/types.ts";
import { LadderPipeline } from "../pipeline/ladder-pipeline.ts";
import { renditionConfigs } from "../pipeline/renditions.ts";

export interface LocalVodJob {
  store: ObjectStore;
  mediaId: string;
  /** A file path (or URL ffmpeg reads). */
  input: string;
  tools: FfmpegTools;
  clock: Clock;
  /** Ladder configuration as `parseLadderConfig` takes it. */
  ladder?: unknown;
  log?: Logger;
  onProgress?: (update: ProgressUpdate) => void;
  /** Encrypts the package (the asset's `encryption`); clear when absent. */
  protection?: MediaProtection;
  /** Stops ffmpeg; the job then rejects with `transcode.failed` naming the signal's reason. */
  signal?: AbortSignal;
  /** Metering: the job's `encode` records go here (docs/usage.md); they are also returned. */
  usage?: UsageSink;
  /** Names the job in its usage record ids (default: the media id) and the tenant billed. */
  jobId?: string;
  tenantId?: string;
  /** The input's probe when the caller already has it (the worker's admission check). */
  probed?: ProbeResult;
}

export interface VodResult {
  ladder: Ladder;
  durationSeconds: number | undefined;
  /** One `encode` record per rendition. */
  usage: UsageRecord[];
}

/** Transcodes one file into `media/<mediaId>/…`; throws `media.invalid` for files with no usable video. */
export async function runLocalVodJob(job: LocalVodJob): Promise<VodResult> {
  const startedAt = new Date(job.clock.now()).toISOString();
  const info = job.probed ?? (await probe(job.tools.ffprobe, job.input));
  const source = sourceInfoFromProbe(info);
  if (!source) throw new TributaryError("media.invalid", "the file has no decodable video stream");
  const ladder = selectLadder(source, parseLadderConfig(job.ladder ?? {}));
  const { protection } = job;
  // The playlists and MPD are written last, once every segment is stored.
  const writer = new PackageWriter({ store: job.store, mediaId: job.mediaId, renditions: renditionConfigs(ladder), clock: job.clock, targetDuration: ladder.segmentDuration, dash: protection?.dash ?? true, contentProtection: () => protection?.dashContentProtection(), manifests: "at-finish" });
  const pipeline = new LadderPipeline({
    command: buildVodArgs(ladder, { path: job.input }),
    ffmpegPath: job.tools.ffmpeg,
    sinks: [protection === undefined ? writer : protectedSink(protection, writer)],
    segmentDuration: ladder.segmentDuration,
    restart: { maxRestarts: 0, initialDelayMs: 0, multiplier: 1, maxDelayMs: 0, stableAfterMs: 0 },
    ...(job.log ? { log: job.log } : {}),
    ...(job.onProgress ? { onProgress: job.onProgress } : {}),
  });
  await untilDoneOrAborted(pipeline, job.signal);
  await writer.finish();
  const usage = encodeUsageRecords({ jobId: job.jobId ?? job.mediaId, mediaId: job.mediaId, tenantId: job.tenantId, startedAt }, writer.summary().renditions);
  for (const record of usage) job.usage?.record(record);
  return { ladder, durationSeconds: info.duration, usage };
}

/** Waits for ffmpeg to finish the file; an abort stops it and rejects without publishing anything. */
async function untilDoneOrAborted(pipeline: LadderPipeline, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return pipeline.complete();
  signal.throwIfAborted();
  const aborted = new Promise<never>((_, reject) => {
    signal.addEventListener("abort", () => {
      const reason: unknown = signal.reason;
      void pipeline.stop().finally(() => reject(new TributaryError("transcode.failed", reason instanceof Error ? reason.message : "the transcode was stopped", { fatal: true })));
    }, { once: true });
  });
  await Promise.race([pipeline.complete(), aborted]);
}
