/**
 * The recorder Lambda behind the MediaConvert job-state rule (infra/src/constructs/transcode/job-events.ts):
 * each EventBridge event is applied to `assets/<assetId>.json` by core's job-event rules
 * (core/src/vod/mediaconvert-events.ts: conditional writes, never backwards), asset webhooks go to the
 * outbox, and a completed job's `encode` usage records to `usage/vod/`. Everything is awaited before
 * the handler returns; a thrown error makes EventBridge retry the event, then dead-letter it.
 */
import { systemClock } from "#core/clock.ts";
import { applyJobStateChange, type EventOutcome } from "#core/vod/mediaconvert-events.ts";
import { awaitedOutboxEvents } from "#core/vod/outbox-events.ts";
import { S3ObjectStore, type S3ObjectStoreOptions } from "#core-node/s3-object-store.ts";
import { NdjsonUsageSink } from "#core-node/usage-ndjson-sink.ts";

/** The store's options from the function's environment: `BUCKET_NAME`, `STORAGE_PREFIX`, `AWS_REGION`. */
export function storeOptionsFromEnv(env: NodeJS.ProcessEnv): S3ObjectStoreOptions {
  const bucket = env["BUCKET_NAME"];
  const region = env["AWS_REGION"];
  if (bucket === undefined || region === undefined) throw new TypeError("BUCKET_NAME and AWS_REGION must be set");
  return { bucket, region, prefix: env["STORAGE_PREFIX"] ?? "" };
}

/** Usage objects are named after the job, so a redelivered COMPLETE rewrites the same object. */
function usageInstance(event: unknown): string {
  const jobId = (event as { detail?: { jobId?: unknown } } | undefined)?.detail?.jobId;
  return typeof jobId === "string" && /^[A-Za-z0-9_-]{1,80}$/.test(jobId) ? `mediaconvert-${jobId}` : "mediaconvert";
}

export function createHandler(options: S3ObjectStoreOptions): (event: unknown) => Promise<EventOutcome> {
  const store = new S3ObjectStore(options);
  return async (event) => {
    const events = awaitedOutboxEvents(store);
    const usage = new NdjsonUsageSink({ store, clock: systemClock, instance: usageInstance(event) });
    try {
      const outcome = await applyJobStateChange(event, { store, events, usage });
      const detail = (event as { detail?: { jobId?: unknown; status?: unknown } }).detail;
      console.log(JSON.stringify({ jobId: detail?.jobId, status: detail?.status, outcome }));
      return outcome;
    } finally {
      await usage.close();
      await events.settled();
    }
  };
}

let handle: ((event: unknown) => Promise<EventOutcome>) | undefined;

export function handler(event: unknown): Promise<EventOutcome> {
  handle ??= createHandler(storeOptionsFromEnv(process.env));
  return handle(event);
}
