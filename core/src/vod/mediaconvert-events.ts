/**
 * MediaConvert "Job State Change" events (EventBridge) applied to the asset record: PROGRESSING and
 * STATUS_UPDATE move it to `processing` with `jobProgress.jobPercentComplete`, COMPLETE to `ready`
 * with the renditions of `outputGroupDetails` and their `encode` usage records, ERROR and CANCELED to
 * `errored`. Every write is asset-state.ts's compare-and-swap, so a duplicated or late event never
 * moves an asset backwards, progress never shrinks, and `asset.ready` / `asset.errored` go to the
 * outbox once. Events of a job the asset no longer runs (a resubmission replaced it) change nothing.
 */
import { z } from "zod";
import { readJson, updateJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { assetRecordSchema, type AssetRecord } from "../records/schemas.ts";
import { encodeUsageRecords, type EncodedRendition } from "../usage/encode-usage.ts";
import type { UsageSink } from "../usage/usage-record.ts";
import { canMove, failAsset, moveAsset, type AssetEvents } from "./asset-state.ts";

const outputDetailSchema = z.object({
  outputFilePaths: z.array(z.string()).default([]),
  durationInMs: z.number().nonnegative().optional(),
  videoDetails: z.object({ widthInPx: z.number().int().nonnegative(), heightInPx: z.number().int().nonnegative(), averageBitrate: z.number().nonnegative().optional() }).optional(),
});

/** The event as EventBridge delivers it; only the fields read here are checked. */
export const jobStateChangeSchema = z.object({
  "detail-type": z.literal("MediaConvert Job State Change"),
  source: z.literal("aws.mediaconvert"),
  time: z.string(),
  detail: z.object({
    jobId: z.string().min(1),
    status: z.string(),
    userMetadata: z.object({ assetId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).loose(),
    jobProgress: z.object({ jobPercentComplete: z.number().min(0).max(100).optional() }).loose().optional(),
    outputGroupDetails: z.array(z.object({ outputDetails: z.array(outputDetailSchema).default([]) }).loose()).optional(),
    errorCode: z.number().optional(),
    errorMessage: z.string().optional(),
  }),
});
export type JobStateChange = z.infer<typeof jobStateChangeSchema>;

export type EventOutcome = "updated" | "unchanged" | "other-job" | "no-asset" | "ignored";

export interface JobEventDeps {
  store: ObjectStore;
  events: AssetEvents;
  usage: UsageSink;
}

type OutputDetail = z.infer<typeof outputDetailSchema>;

/** `s3://…/media/<id>/master_720p.m3u8` → `720p`: the NameModifier the template gave the output. */
function renditionName(output: OutputDetail, index: number): string {
  const file = output.outputFilePaths[0]?.split("/").pop() ?? "";
  const match = /^[^_]*_(.+?)\.[^.]+$/.exec(file);
  return match?.[1] ?? `output${index}`;
}

function renditionsOf(event: JobStateChange): { encoded: EncodedRendition[]; video: AssetRecord["renditions"]; durationSeconds: number | undefined } {
  const outputs = (event.detail.outputGroupDetails ?? []).flatMap((group) => group.outputDetails);
  const encoded = outputs.map((output, index): EncodedRendition => {
    const video = output.videoDetails;
    return { name: renditionName(output, index), kind: video === undefined ? "audio" : "video", width: video?.widthInPx, height: video?.heightInPx, mediaSeconds: (output.durationInMs ?? 0) / 1000, bytes: 0 };
  });
  const video = outputs.flatMap((output, index) => (output.videoDetails === undefined ? [] : [{ name: renditionName(output, index), width: output.videoDetails.widthInPx, height: output.videoDetails.heightInPx, bandwidth: Math.round(output.videoDetails.averageBitrate ?? 0) }]));
  const longest = Math.max(0, ...encoded.map((r) => r.mediaSeconds));
  return { encoded, video, durationSeconds: longest > 0 ? longest : undefined };
}

/** Progress only grows, and only while the asset is queued or processing. */
async function recordProgress(store: ObjectStore, asset: AssetRecord, jobId: string, percent: number | undefined): Promise<EventOutcome> {
  let changed = false;
  await updateJson<AssetRecord>(
    store,
    keys.asset(asset.id),
    (current) => {
      changed = false;
      if (current === undefined || current.job?.id !== jobId || !canMove(current.status, "processing")) return current as AssetRecord;
      const progress = Math.max(current.job.progress ?? 0, (percent ?? 0) / 100);
      if (current.status === "processing" && progress === (current.job.progress ?? 0)) return current;
      changed = true;
      return { ...current, status: "processing", job: { ...current.job, progress } };
    },
    { schema: assetRecordSchema },
  );
  return changed ? "updated" : "unchanged";
}

/** Applies one event to its asset; throws when storage fails (EventBridge then retries the event). */
export async function applyJobStateChange(input: unknown, deps: JobEventDeps): Promise<EventOutcome> {
  const parsed = jobStateChangeSchema.safeParse(input);
  if (!parsed.success) return "ignored";
  const event = parsed.data;
  const { jobId, status } = event.detail;
  const assetId = event.detail.userMetadata.assetId;
  const { store, events } = deps;
  const asset = (await readJson(store, keys.asset(assetId), assetRecordSchema))?.value;
  if (asset === undefined) return "no-asset";
  if (asset.job?.backend !== "mediaconvert" || asset.job.id !== jobId) return "other-job";

  switch (status) {
    case "PROGRESSING":
    case "STATUS_UPDATE":
    case "INPUT_INFORMATION":
      return recordProgress(store, asset, jobId, event.detail.jobProgress?.jobPercentComplete);
    case "COMPLETE": {
      const { encoded, video, durationSeconds } = renditionsOf(event);
      // Usage first: ids derive from the job, so a retried event rewrites the same records, and a crash before `ready` loses none.
      for (const record of encodeUsageRecords({ jobId, mediaId: asset.mediaId, tenantId: asset.tenantId, startedAt: event.time }, encoded)) deps.usage.record(record);
      await deps.usage.flush();
      const moved = await moveAsset(store, assetId, "ready", { renditions: video, ...(durationSeconds === undefined ? {} : { durationSeconds }), job: { ...asset.job, progress: 1 } }, events);
      return moved === undefined ? "unchanged" : "updated";
    }
    case "ERROR": {
      const message = `MediaConvert could not transcode the file (error ${event.detail.errorCode ?? "unknown"}): ${event.detail.errorMessage ?? "no details"}`;
      return (await failAsset(store, assetId, { code: "transcode.failed", message }, events)) === undefined ? "unchanged" : "updated";
    }
    case "CANCELED":
      return (await failAsset(store, assetId, { code: "transcode.canceled", message: "the transcode was cancelled" }, events)) === undefined ? "unchanged" : "updated";
    default:
      return "ignored";
  }
}
