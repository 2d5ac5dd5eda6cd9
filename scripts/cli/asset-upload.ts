/**
 * `tributary assets upload FILE`: creates an upload, sends the file over tus with a progress bar,
 * then follows the transcode with another. The upload URL is kept in a state file (tus-js-client's
 * URL storage, keyed by the file's path, size and mtime), so running the command again after Ctrl-C
 * resumes from the last byte the server holds instead of starting over.
 */
import { createReadStream } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import * as tus from "tus-js-client";
import { CliApiError, type ApiClient } from "./api-client.ts";
import { ProgressBar, type ProgressSink } from "./progress-bar.ts";

export interface UploadCommandContext {
  apiUrl: string;
  stateDir: string;
  progress: ProgressSink;
  /** Milliseconds between asset polls while the transcode runs. */
  pollMs?: number;
}

interface Asset {
  id: string;
  status: string;
  progress: number;
  error?: { code: string; message: string };
}

export interface UploadOptions {
  name?: string | undefined;
  ladder?: string | undefined;
}

const MIB = 1024 * 1024;

/** Finds the stored upload of this file, or creates one; then the bytes go out (or the rest of them). */
async function sendFile(client: ApiClient, path: string, options: UploadOptions, ctx: UploadCommandContext): Promise<{ assetId: string; forget: () => Promise<void> }> {
  const file = resolve(path);
  const info = await stat(file);
  await mkdir(ctx.stateDir, { recursive: true });
  const urlStorage = new (tus as unknown as { FileUrlStorage: new (path: string) => tus.UrlStorage }).FileUrlStorage(join(ctx.stateDir, "uploads.json"));
  const fingerprint = ["tributary", ctx.apiUrl, file, info.size, info.mtimeMs].join("|");
  const previous = (await urlStorage.findUploadsByFingerprint(fingerprint))[0];
  let assetId = previous?.metadata["assetId"];
  let endpoint: string | undefined;
  if (assetId === undefined || previous === undefined) {
    const created = (await client.request("POST", "/uploads", { name: options.name ?? basename(file), ...(options.ladder ? { ladder: options.ladder } : {}) })) as { assetId: string; url: string };
    assetId = created.assetId;
    endpoint = created.url;
  }
  const bar = new ProgressBar(ctx.progress, "upload");
  const started = Date.now();
  let startOffset: number | undefined;
  await new Promise<void>((done, fail) => {
    const upload = new tus.Upload(createReadStream(file), {
      ...(endpoint === undefined ? {} : { endpoint }),
      uploadSize: info.size,
      metadata: { assetId: assetId ?? "", filename: basename(file) },
      fingerprint: async () => fingerprint,
      urlStorage,
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: false,
      retryDelays: [0, 1000, 3000, 5000],
      onProgress: (sent, total) => {
        startOffset ??= sent;
        const seconds = (Date.now() - started) / 1000;
        const rate = seconds > 0 ? `${((sent - startOffset) / MIB / seconds).toFixed(1)} MiB/s` : "";
        bar.update(total > 0 ? sent / total : 0, `${(sent / MIB).toFixed(1)}/${(total / MIB).toFixed(1)} MiB ${rate}`);
      },
      onSuccess: () => done(),
      onError: fail,
    });
    if (previous !== undefined) {
      ctx.progress.write(`resuming the upload of ${basename(file)} (asset ${assetId})\n`);
      upload.resumeFromPreviousUpload(previous);
    }
    upload.start();
  }).catch(async (error: unknown) => {
    // An expired or finished-and-removed upload cannot resume: forget it, so the next run starts afresh.
    if (previous !== undefined) await urlStorage.removeUpload(previous.urlStorageKey);
    throw error;
  });
  bar.done();
  const forget = async () => {
    for (const stored of await urlStorage.findUploadsByFingerprint(fingerprint)) await urlStorage.removeUpload(stored.urlStorageKey);
  };
  return { assetId, forget };
}

/** Follows the asset until it is ready or errored. */
async function followTranscode(client: ApiClient, assetId: string, ctx: UploadCommandContext): Promise<Asset> {
  const bar = new ProgressBar(ctx.progress, "transcode");
  for (;;) {
    const asset = (await client.request("GET", `/assets/${encodeURIComponent(assetId)}`)) as Asset;
    if (asset.status === "ready") {
      bar.done("ready");
      return asset;
    }
    if (asset.status === "errored") throw new CliApiError(422, asset.error?.code ?? "asset.errored", asset.error?.message ?? "the asset could not be processed", { assetId });
    bar.update(asset.progress, asset.status);
    await new Promise((wake) => setTimeout(wake, ctx.pollMs ?? 1000));
  }
}

export async function uploadAsset(client: ApiClient, path: string, options: UploadOptions, ctx: UploadCommandContext): Promise<Asset> {
  const { assetId, forget } = await sendFile(client, path, options, ctx);
  try {
    return await followTranscode(client, assetId, ctx);
  } finally {
    // Only an interrupted run keeps the upload, to resume it; a finished one (ready or errored) is done with it.
    await forget();
  }
}
