/**
 * The static renditions a VOD asset offers for download: `highest.mp4` (the top video rendition with
 * the audio) and `audio.m4a`, remuxed from the stored CMAF segments with `-c copy` (never re-encoded)
 * into progressive MP4 with the `moov` first (`+faststart`), so a player starts before the end arrives.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { TributaryError } from "#core/errors.ts";
import { keys, type DownloadName } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { runTool } from "../../ffmpeg/run.ts";
import { assembleRendition } from "./assemble-rendition.ts";

export interface DownloadFile {
  name: DownloadName;
  bytes: number;
  contentType: string;
}

export interface StaticJob {
  store: ObjectStore;
  ffmpeg: string;
  mediaId: string;
  /** A local folder the job may fill; the caller removes it. */
  scratchDir: string;
}

const CONTENT_TYPES: Record<DownloadName, string> = { "highest.mp4": "video/mp4", "audio.m4a": "audio/mp4" };

/** Remuxes and stores the downloads; `audio` absent (a silent ladder) leaves `highest.mp4` video-only and no `audio.m4a`. */
export async function writeDownloads(job: StaticJob, video: string, audio: string | undefined): Promise<DownloadFile[]> {
  const videoFile = join(job.scratchDir, "download-video.mp4");
  await assembleRendition(job.store, job.mediaId, video, videoFile);
  const inputs = ["-i", videoFile];
  let audioFile: string | undefined;
  if (audio !== undefined) {
    audioFile = join(job.scratchDir, "download-audio.mp4");
    await assembleRendition(job.store, job.mediaId, audio, audioFile);
    inputs.push("-i", audioFile);
  }
  const outputs: { name: DownloadName; maps: string[]; inputs: string[] }[] = [
    { name: "highest.mp4", inputs, maps: audioFile === undefined ? ["-map", "0:v:0"] : ["-map", "0:v:0", "-map", "1:a:0"] },
  ];
  if (audioFile !== undefined) outputs.push({ name: "audio.m4a", inputs: ["-i", audioFile], maps: ["-map", "0:a:0"] });
  const written: DownloadFile[] = [];
  for (const output of outputs) {
    const path = join(job.scratchDir, output.name);
    await remux(job.ffmpeg, [...output.inputs, ...output.maps], path);
    written.push(await store(job, output.name, path));
  }
  return written;
}

async function remux(ffmpeg: string, inputsAndMaps: string[], path: string): Promise<void> {
  const result = await runTool(ffmpeg, ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", ...inputsAndMaps, "-c", "copy", "-movflags", "+faststart", "-f", "mp4", path]);
  if (result.exitCode !== 0) throw new TributaryError("transcode.failed", `download remux failed: ${result.stderr.trim().split("\n").pop() ?? ""}`);
}

async function store(job: StaticJob, name: DownloadName, path: string): Promise<DownloadFile> {
  const { size } = await stat(path);
  const contentType = CONTENT_TYPES[name];
  const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  await job.store.put(keys.download(job.mediaId, name), body, { contentType, cacheControl: "public, max-age=31536000, immutable" });
  return { name, bytes: size, contentType };
}
