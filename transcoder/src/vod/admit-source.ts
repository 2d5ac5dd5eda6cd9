/**
 * The check every source passes before a transcode is queued or started: ffprobe reads it, it has a
 * decodable video stream, and it is within its upload's size and duration caps. A refusal is a
 * `TributaryError` whose message tells a person what to do about it.
 */
import { stat } from "node:fs/promises";
import { TributaryError } from "#core/errors.ts";
import type { SourceLimits } from "#core/vod/transcode-backend.ts";
import { probe, sourceInfoFromProbe, type ProbeResult } from "../ffmpeg/probe.ts";

export interface AdmittedSource {
  info: ProbeResult;
  /** Seconds; ffprobe's container duration. */
  durationSeconds: number;
  sizeBytes: number;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Probes the local file at `path` and checks it against `limits`. */
export async function admitSource(ffprobe: string, path: string, limits: SourceLimits): Promise<AdmittedSource> {
  const sizeBytes = (await stat(path)).size;
  if (sizeBytes > limits.maxSizeBytes) {
    throw new TributaryError("media.limit_exceeded", `the file is ${mebibytes(sizeBytes)}, over this upload's limit of ${mebibytes(limits.maxSizeBytes)}; upload a smaller file or raise maxSizeBytes`, { details: { sizeBytes, maxSizeBytes: limits.maxSizeBytes } });
  }
  let info: ProbeResult;
  try {
    info = await probe(ffprobe, path);
  } catch (error) {
    throw new TributaryError("media.invalid", "the file is not a video ffprobe can read (damaged, incomplete, or not media); check that it plays locally and upload it again", { cause: error });
  }
  if (sourceInfoFromProbe(info) === null) {
    throw new TributaryError("media.invalid", `the file (${info.formatName}) has no video stream; upload a file with video`, { details: { format: info.formatName } });
  }
  const durationSeconds = info.duration ?? 0;
  if (durationSeconds > limits.maxDurationSeconds) {
    throw new TributaryError("media.limit_exceeded", `the video is ${durationSeconds.toFixed(1)} s long, over this upload's limit of ${limits.maxDurationSeconds} s; trim it or raise maxDurationSeconds`, { details: { durationSeconds, maxDurationSeconds: limits.maxDurationSeconds } });
  }
  return { info, durationSeconds, sizeBytes };
}
