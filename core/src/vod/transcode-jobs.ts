/**
 * The local backend's job queue, in object storage (`assets/jobs/<assetId>.json`): the API submits
 * here from any runtime and workers claim from here, so a restart loses no job. A worker holds a job
 * with a lease it renews while ffmpeg runs; a job whose lease ran out (its worker died) is claimed
 * again and starts over, so nothing stays `processing` forever. Claims are compare-and-swap writes.
 */
import { z } from "zod";
import { isTributaryError } from "../errors.ts";
import { readJson, updateJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import type { TranscodeRequest, TranscodeStatus } from "./transcode-backend.ts";

const sourceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("file"), path: z.string().min(1) }),
  z.object({ kind: z.literal("object"), key: z.string().min(1) }),
  z.object({ kind: z.literal("url"), url: z.url() }),
]);

export const transcodeJobSchema = z.object({
  assetId: z.string(),
  tenantId: z.string(),
  mediaId: z.string(),
  source: sourceSchema,
  ladder: z.unknown().optional(),
  limits: z.object({ maxSizeBytes: z.number().int().positive(), maxDurationSeconds: z.number().positive() }),
  sourceVideo: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).optional(),
  state: z.enum(["queued", "processing"]),
  /** Claims so far; a job that keeps killing its worker stops being retried. */
  attempts: z.number().int().min(0),
  progress: z.number().min(0).max(1),
  submittedAt: z.number(),
  lease: z.object({ owner: z.string(), until: z.number() }).optional(),
  cancelRequested: z.boolean().optional(),
});
export type TranscodeJob = z.infer<typeof transcodeJobSchema>;

/** A job a worker holds: the record and the etag its next write must match. */
export interface ClaimedJob {
  job: TranscodeJob;
  etag: string;
}

export function jobStatus(job: TranscodeJob): TranscodeStatus {
  return { jobId: job.assetId, state: job.state, progress: job.progress };
}

/** Writes a queued job; a job already there for the asset is replaced only when it is not running. */
export async function submitJob(store: ObjectStore, request: TranscodeRequest, now: number): Promise<TranscodeJob> {
  const job: TranscodeJob = { ...request, state: "queued", attempts: 0, progress: 0, submittedAt: now };
  const { value } = await updateJson<TranscodeJob>(store, keys.transcodeJob(request.assetId), (current) => (current?.state === "processing" && (current.lease?.until ?? 0) > now ? current : job), { schema: transcodeJobSchema });
  return value;
}

export async function readJob(store: ObjectStore, assetId: string): Promise<ClaimedJob | undefined> {
  const document = await readJson(store, keys.transcodeJob(assetId), transcodeJobSchema);
  return document === undefined ? undefined : { job: document.value, etag: document.etag };
}

/** Ids of every job in the queue, oldest submission first (ids sort by creation time). */
export async function listJobIds(store: ObjectStore): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ prefix: keys.transcodeJobs(), ...(cursor === undefined ? {} : { cursor }) });
    for (const object of page.objects) ids.push(object.key.slice(keys.transcodeJobs().length).replace(/\.json$/, ""));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return ids;
}

/** Whether a worker may take the job now: queued, or processing under a lease that ran out. */
export function claimableJob(job: TranscodeJob, now: number): boolean {
  return job.state === "queued" || (job.lease?.until ?? 0) <= now;
}

/** Compare-and-swap write of the held job; `undefined` when someone else wrote it first (the claim is lost). */
async function writeHeld(store: ObjectStore, job: TranscodeJob, etag: string): Promise<ClaimedJob | undefined> {
  try {
    const written = await store.put(keys.transcodeJob(job.assetId), JSON.stringify(transcodeJobSchema.parse(job)), { contentType: "application/json", ifMatch: etag });
    return { job, etag: written.etag };
  } catch (error) {
    if (isTributaryError(error, "storage.precondition_failed", "storage.not_found")) return undefined;
    throw error;
  }
}

/** Takes the job for `owner` until `now + leaseMs`; `undefined` when it is not claimable or another worker won. */
export async function claimJob(store: ObjectStore, assetId: string, owner: string, now: number, leaseMs: number): Promise<ClaimedJob | undefined> {
  const current = await readJob(store, assetId);
  if (current === undefined || !claimableJob(current.job, now)) return undefined;
  const job: TranscodeJob = { ...current.job, state: "processing", attempts: current.job.attempts + 1, progress: 0, lease: { owner, until: now + leaseMs } };
  return writeHeld(store, job, current.etag);
}

/**
 * Renews the lease and records progress; returns the new claim with the stored record (whose
 * `cancelRequested` the worker obeys), or `undefined` when the claim was lost or the job removed.
 */
export async function renewJob(store: ObjectStore, claim: ClaimedJob, progress: number, now: number, leaseMs: number): Promise<ClaimedJob | undefined> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const current = await readJob(store, claim.job.assetId);
    if (current === undefined || current.job.lease?.owner !== claim.job.lease?.owner || current.job.state !== "processing") return undefined;
    const renewed = await writeHeld(store, { ...current.job, progress, lease: { owner: claim.job.lease?.owner ?? "", until: now + leaseMs } }, current.etag);
    if (renewed !== undefined) return renewed;
  }
  return undefined;
}

/** Asks for the job to stop: a queued job is dropped at once, a running one by its worker at its next renewal. */
export async function requestCancel(store: ObjectStore, assetId: string): Promise<TranscodeJob | undefined> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const current = await readJob(store, assetId);
    if (current === undefined) return undefined;
    if (current.job.state === "queued") {
      await store.delete(keys.transcodeJob(assetId));
      return current.job;
    }
    const written = await writeHeld(store, { ...current.job, cancelRequested: true }, current.etag);
    if (written !== undefined) return written.job;
  }
  return undefined;
}

/** The job is over (ready, errored or cancelled): it leaves the queue. The asset record keeps the outcome. */
export async function removeJob(store: ObjectStore, assetId: string): Promise<void> {
  await store.delete(keys.transcodeJob(assetId));
}
