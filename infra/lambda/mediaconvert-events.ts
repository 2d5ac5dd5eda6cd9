/**
 * Records MediaConvert job state changes in `assets/<assetId>.json`. The asset record is read with its
 * ETag and written back with `If-Match`, retrying on 412, so a concurrent writer (the API, another
 * event) never loses an update. Late events (older than the state already recorded, or anything after
 * a final state of the same job) change nothing. EventBridge retries a thrown error, then dead-letters.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";

/** The EventBridge event (MediaConvert "Job State Change"), the fields used here. */
export interface JobStateChangeEvent {
  time: string;
  detail: {
    jobId: string;
    status: string;
    queue?: string;
    userMetadata?: Record<string, string>;
    errorCode?: number;
    errorMessage?: string;
    jobProgress?: { jobPercentComplete?: number };
  };
}

export interface JobState {
  id: string;
  status: string;
  /** Event time, ISO 8601. */
  updatedAt: string;
  percentComplete?: number;
  error?: { code: number | undefined; message: string | undefined };
}

const ASSET_ID = /^[A-Za-z0-9_-]{1,64}$/;
const FINAL = new Set(["COMPLETE", "ERROR", "CANCELED"]);

/** The record with the event's job state, or `undefined` when the event is stale. */
export function applyJobState(record: Record<string, unknown>, event: JobStateChangeEvent): Record<string, unknown> | undefined {
  const current = record["job"] as Partial<JobState> | undefined;
  if (current?.id === event.detail.jobId) {
    if (FINAL.has(current.status ?? "")) return undefined;
    if (current.updatedAt !== undefined && current.updatedAt > event.time && !FINAL.has(event.detail.status)) return undefined;
  }
  const job: JobState = { id: event.detail.jobId, status: event.detail.status, updatedAt: event.time };
  const percent = event.detail.jobProgress?.jobPercentComplete;
  if (percent !== undefined) job.percentComplete = percent;
  if (event.detail.status === "ERROR") job.error = { code: event.detail.errorCode, message: event.detail.errorMessage };
  return { ...record, job };
}

export interface Dependencies {
  s3: Pick<S3Client, "send">;
  bucket: string;
  /** Conditional-put attempts before giving up (EventBridge then retries the event). @default 5 */
  maxAttempts?: number;
}

export type Outcome = "updated" | "stale" | "no-asset" | "ignored";

function isStatus(error: unknown, status: number): boolean {
  return typeof error === "object" && error !== null && (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === status;
}

/** Applies one event; throws when the record kept changing under it. */
export async function handleEvent(event: JobStateChangeEvent, deps: Dependencies): Promise<Outcome> {
  const assetId = event.detail.userMetadata?.["assetId"];
  if (assetId === undefined || !ASSET_ID.test(assetId)) return "ignored";
  const key = `assets/${assetId}.json`;
  for (let attempt = 0; attempt < (deps.maxAttempts ?? 5); attempt++) {
    let body: string;
    let etag: string | undefined;
    try {
      const object = await deps.s3.send(new GetObjectCommand({ Bucket: deps.bucket, Key: key }));
      body = (await object.Body?.transformToString("utf-8")) ?? "";
      etag = object.ETag;
    } catch (error) {
      if (isStatus(error, 404)) return "no-asset";
      throw error;
    }
    const next = applyJobState(JSON.parse(body) as Record<string, unknown>, event);
    if (next === undefined) return "stale";
    try {
      await deps.s3.send(new PutObjectCommand({ Bucket: deps.bucket, Key: key, Body: JSON.stringify(next), ContentType: "application/json", IfMatch: etag }));
      return "updated";
    } catch (error) {
      if (!isStatus(error, 412) && !isStatus(error, 409)) throw error;
    }
  }
  throw new Error(`asset ${assetId}: record kept changing; giving up for this attempt`);
}

let client: S3Client | undefined;

export async function handler(event: JobStateChangeEvent): Promise<Outcome> {
  const bucket = process.env["BUCKET_NAME"];
  if (bucket === undefined) throw new TypeError("BUCKET_NAME is not set");
  client ??= new S3Client({});
  const outcome = await handleEvent(event, { s3: client, bucket });
  console.log(JSON.stringify({ jobId: event.detail.jobId, status: event.detail.status, outcome }));
  return outcome;
}
