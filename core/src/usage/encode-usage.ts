/**
 * VOD metering (docs/usage.md "VOD records"): one `encode` record per rendition a transcode job
 * encoded, with its media seconds, output bytes and resolution tier, for the local ffmpeg worker and
 * MediaConvert alike. Ids derive from the job and the rendition, so a job's records reported twice
 * (a retried completion, a job event delivered twice) count once after dedupe.
 */
import { resolutionTier, type UsageRecord } from "./usage-record.ts";

export interface EncodeJob {
  /** Names the job: the same job always gives the same record ids. */
  jobId: string;
  mediaId: string;
  tenantId?: string | undefined;
  /** When the job started (ISO instant): the records are filed under its hour. */
  startedAt: string;
}

export interface EncodedRendition {
  name: string;
  kind: "video" | "audio";
  /** Output picture size; absent for audio. */
  width?: number | undefined;
  height?: number | undefined;
  /** Media seconds the rendition holds. */
  mediaSeconds: number;
  /** Output bytes written. */
  bytes: number;
  /** False for a rendition copied from the source without encoding: it bills no encode time. */
  encoded?: boolean;
}

/**
 * @example encodeUsageRecords({ jobId, mediaId, tenantId, startedAt }, summary.renditions).forEach((r) => sink.record(r))
 */
export function encodeUsageRecords(job: EncodeJob, renditions: readonly EncodedRendition[]): UsageRecord[] {
  const at = new Date(job.startedAt).toISOString();
  return renditions
    .filter((rendition) => rendition.encoded !== false && rendition.mediaSeconds > 0)
    .map((rendition) => {
      const record: UsageRecord = {
        id: `enc-${job.jobId}-${rendition.name}`,
        at,
        source: "vod",
        mediaId: job.mediaId,
        kind: "encode",
        rendition: rendition.name,
        bytes: rendition.bytes,
        mediaSeconds: Math.round(rendition.mediaSeconds * 1e6) / 1e6,
      };
      if (job.tenantId !== undefined) record.tenantId = job.tenantId;
      if (rendition.kind === "video" && rendition.width !== undefined && rendition.height !== undefined) record.tier = resolutionTier(Math.min(rendition.width, rendition.height));
      return record;
    });
}
