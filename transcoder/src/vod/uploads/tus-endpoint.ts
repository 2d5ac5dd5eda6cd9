/**
 * The tus 1.0 endpoint uploads go to on Node (`@tus/server`; creation, termination and expiration
 * extensions, resumable). The URL an upload is created with is `<base>/<uploadId>/<token>`: every
 * request is opened with the upload's token (core/src/vod/uploads.ts, constant-time), the one
 * creation is single-use, `Upload-Length` is capped by the upload's `maxSizeBytes`, and the URL
 * expires. When the last byte lands, the file is probed; a file that is not acceptable media errors
 * the asset at once (and the final PATCH says why), anything else is queued for transcoding.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { EVENTS, Server, type DataStore, type Upload } from "@tus/server";
import type { Clock } from "#core/clock.ts";
import { isTributaryError } from "#core/errors.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { failAsset, type AssetEvents } from "#core/vod/asset-state.ts";
import type { TranscodeBackend, TranscodeSource } from "#core/vod/transcode-backend.ts";
import { beginUpload, completeUpload, listUploads, openUpload, removeUpload, type UploadRecord } from "#core/vod/uploads.ts";
import { assetRecordSchema } from "#core/records/schemas.ts";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import { readJob } from "#core/vod/transcode-jobs.ts";
import type { Logger } from "#core-node/logger.ts";
import { admitSource } from "../admit-source.ts";
import { sourceInfoFromProbe } from "../../ffmpeg/probe.ts";

/** Where tus keeps upload bytes, and how a finished upload becomes a job's source. */
export interface TusStorage {
  datastore: DataStore;
  /** The datastore's id for an upload (an object key in S3 mode). */
  tusId(uploadId: string): string;
  /** The job source of a finished upload. */
  source(uploadId: string): TranscodeSource;
  /** A local path ffprobe can read before the job is queued, where the bytes are on this machine. */
  localPath?(uploadId: string): string;
}

export interface TusEndpointOptions {
  store: ObjectStore;
  clock: Clock;
  storage: TusStorage;
  /** The public URL of the endpoint's base path, e.g. `http://127.0.0.1:8787/uploads/tus`. */
  publicBase: string;
  /** The path requests arrive under, e.g. `/uploads/tus`. */
  path: string;
  ffprobe: string;
  backend: TranscodeBackend;
  events?: AssetEvents;
  log?: Logger;
}

export interface TusEndpoint {
  /** Whether a request's path is this endpoint's. */
  owns(url: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void;
  /**
   * Housekeeping, run now and then: the datastore drops bytes of expired uploads (the expiration
   * extension); an upload that expired unfinished errors its asset; an upload that finished but was
   * never queued (the process stopped in between) is probed and queued now. Returns what it did.
   */
  sweep(): Promise<{ expired: number; queued: number }>;
}

/** tus answers an error object with `status_code` and `body`. */
function tusError(status_code: number, body: string): { status_code: number; body: string } {
  return { status_code, body: `${body}\n` };
}

/** `<path>/<uploadId>/<token>` → both parts; anything else is not an upload URL. */
function parseTarget(path: string, url: string): { uploadId: string; token: string } | undefined {
  const pathname = new URL(url, "http://x").pathname;
  if (!pathname.startsWith(`${path}/`)) return undefined;
  const [uploadId, token, ...rest] = pathname.slice(path.length + 1).split("/");
  if (uploadId === undefined || token === undefined || rest.length > 0 || uploadId === "" || token === "") return undefined;
  return { uploadId, token };
}

export function createTusEndpoint(options: TusEndpointOptions): TusEndpoint {
  const { store, clock, storage } = options;
  const opened = new WeakMap<Request, Promise<UploadRecord>>();
  const target = (req: Request) => parseTarget(options.path, req.url);

  /** The upload the request's URL opens; a wrong or expired URL is a plain 404. */
  const open = (req: Request): Promise<UploadRecord> => {
    let upload = opened.get(req);
    if (upload === undefined) {
      const parts = target(req);
      upload = parts === undefined ? Promise.reject(tusError(404, "no such upload")) : openUpload(store, parts.uploadId, parts.token, clock.now()).catch(() => Promise.reject(tusError(404, "no such upload, or its URL expired")));
      opened.set(req, upload);
    }
    return upload;
  };

  const finish = async (upload: UploadRecord): Promise<void> => {
    await completeUpload(store, upload.id);
    const path = storage.localPath?.(upload.id);
    let sourceVideo: { width: number; height: number } | undefined;
    if (path !== undefined) {
      try {
        const admitted = await admitSource(options.ffprobe, path, upload.limits);
        const video = sourceInfoFromProbe(admitted.info);
        if (video !== null) sourceVideo = { width: video.width, height: video.height };
      } catch (error) {
        if (!isTributaryError(error, "media.invalid", "media.limit_exceeded")) throw error;
        await failAsset(store, upload.assetId, { code: error.code, message: error.message }, options.events);
        throw tusError(422, error.message);
      }
    }
    await options.backend.submit({ assetId: upload.assetId, tenantId: upload.tenantId, mediaId: upload.assetId, source: storage.source(upload.id), ladder: upload.ladder, limits: upload.limits, ...(sourceVideo === undefined ? {} : { sourceVideo }) });
  };

  const server = new Server({
    path: options.path,
    datastore: storage.datastore,
    // The browser dashboard uploads from the edge's own origin; other origins need the URL's token anyway.
    respectForwardedHeaders: false,
    namingFunction: async (req) => {
      const upload = await open(req);
      return storage.tusId(upload.id);
    },
    getFileIdFromRequest: (req) => {
      const parts = target(req);
      return parts === undefined ? undefined : storage.tusId(parts.uploadId);
    },
    generateUrl: (req) => {
      const parts = target(req);
      return parts === undefined ? options.publicBase : `${options.publicBase}/${parts.uploadId}/${parts.token}`;
    },
    maxSize: async (req) => (await open(req)).limits.maxSizeBytes,
    onIncomingRequest: async (req) => {
      const upload = await open(req);
      if (req.method === "POST") {
        await beginUpload(store, upload.id).catch(() => Promise.reject(tusError(409, "this upload URL was already used; create a new upload")));
      } else if (upload.state === "open") throw tusError(404, "no such upload");
    },
    onUploadFinish: async (req, tus: Upload) => {
      const upload = await open(req);
      options.log?.info({ uploadId: upload.id, assetId: upload.assetId, size: tus.size }, "upload complete");
      await finish(upload);
      return {};
    },
    onResponseError: (_req, error) => {
      if ("status_code" in error) return undefined;
      options.log?.error({ err: error }, "upload failed");
      return tusError(500, "the upload could not be stored; try again");
    },
  });

  // Termination (the client gave up): the asset says so instead of waiting for bytes forever.
  server.on(EVENTS.POST_TERMINATE, (req: Request) => {
    void open(req)
      .then((upload) => failAsset(store, upload.assetId, { code: "upload.terminated", message: "the upload was cancelled before it finished; create a new upload to try again" }, options.events))
      .catch((error: unknown) => options.log?.warn({ err: error }, "terminated upload not recorded"));
  });

  return {
    owns: (url) => url === options.path || url.startsWith(`${options.path}/`),
    handle: (req, res) => {
      // Uploads are write-only: nobody reads a file back through its upload URL.
      if (req.method === "GET") {
        res.writeHead(405, { allow: "POST, HEAD, PATCH, DELETE, OPTIONS" }).end();
        return;
      }
      void server.handle(req, res);
    },
    sweep: async () => {
      await server.cleanUpExpiredUploads();
      let expired = 0;
      let queued = 0;
      for (const upload of await listUploads(store)) {
        if (upload.state !== "complete" && upload.expiresAt <= clock.now()) {
          await failAsset(store, upload.assetId, { code: "upload.expired", message: "the upload URL expired before the file was complete; create a new upload" }, options.events);
          await removeUpload(store, upload.id);
          expired++;
        } else if (upload.state === "complete") {
          const asset = (await readJson(store, keys.asset(upload.assetId), assetRecordSchema))?.value;
          if (asset?.status === "uploading" && (await readJob(store, upload.assetId)) === undefined) {
            await finish(upload).catch((error: unknown) => options.log?.warn({ err: error, uploadId: upload.id }, "finished upload not queued"));
            queued++;
          }
          // Kept until its URL would have expired, so a client resuming a finished upload still finds it.
          if (asset?.status !== "uploading" && upload.expiresAt <= clock.now()) await removeUpload(store, upload.id);
        }
      }
      return { expired, queued };
    },
  };
}

/** The file store under `dir`: tus ids are upload ids, and ffprobe reads the bytes where they are. */
export function tusFileStorage(datastore: DataStore, dir: string): TusStorage {
  return {
    datastore,
    tusId: (uploadId) => uploadId,
    source: (uploadId) => ({ kind: "file", path: join(dir, uploadId) }),
    localPath: (uploadId) => join(dir, uploadId),
  };
}
