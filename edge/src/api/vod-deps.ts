/** What the API needs to take uploads and ingest URLs; absent, those routes answer 404. */
import type { OutboundPolicy } from "#core/net/outbound-target.ts";
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
