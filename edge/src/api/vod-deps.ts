/** What the API needs to take uploads and ingest URLs; absent, those routes answer 404. */
import { TributaryError } from "#core/errors.ts";
import type { OutboundPolicy } from "#core/net/outbound-target.ts";
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { AssetEvents } from "#core/vod/asset-state.ts";
import type { TranscodeBackend } from "#core/vod/transcode-backend.ts";
import type { UploadRecord } from "#core/vod/uploads.ts";

/** Where an upload's bytes go: a tus endpoint on Node, presigned URLs on Workers. */
export interface UploadTarget {
  readonly protocol: "tus" | "s3-put";
  /** The single-use URL for `upload`, carrying its `token`. */
  url(upload: UploadRecord, token: string): Promise<string>;
}

/** Caps and lifetimes when a request names none. */
export interface VodDefaults {
  maxSizeBytes: number;
  maxDurationSeconds: number;
  uploadExpiresInSeconds: number;
}

export const defaultVodDefaults: VodDefaults = { maxSizeBytes: 20 * 1024 ** 3, maxDurationSeconds: 6 * 3600, uploadExpiresInSeconds: 24 * 3600 };

export interface VodApi {
  backend: TranscodeBackend;
  uploads: UploadTarget;
  defaults?: VodDefaults;
  /** Which source URLs may be ingested; public addresses only by default. */
  sources?: OutboundPolicy;
  events?: AssetEvents;
}

/** The Node tus endpoint at `<publicUrl><path>/<uploadId>/<token>`. */
export function tusUploadTarget(publicUrl: string, path = "/uploads/tus"): UploadTarget {
  return { protocol: "tus", url: async (upload, token) => `${publicUrl}${path}/${upload.id}/${token}` };
}

/**
 * Where the store can presign (S3, R2's S3 API): one presigned PUT to the upload's staging key in the
 * bucket, valid until the upload expires; `POST /uploads/{id}/complete` then checks the size and queues it.
 */
export function presignedUploadTarget(store: ObjectStore, now: () => number): UploadTarget {
  return {
    protocol: "s3-put",
    async url(upload) {
      const expiresIn = Math.max(1, Math.floor((upload.expiresAt - now()) / 1000));
      const url = await store.presign(keys.uploadStaging(upload.id), { method: "PUT", expiresIn });
      if (url === undefined) throw new TributaryError("request.not_found", "this deployment's store cannot presign uploads");
      return url;
    },
  };
}
