/**
 * The local backend as the API sees it: submitting writes a job to the queue in storage
 * (transcode-jobs.ts) and moves the asset to `queued`; a local worker anywhere with the same store
 * runs it (transcoder/src/vod/local-worker.ts). Runs on Workers and Node alike.
 */
import type { Clock } from "../clock.ts";
import { keys } from "../storage/keys.ts";
import { readJson } from "../storage/json.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { assetRecordSchema } from "../records/schemas.ts";
import { failAsset, moveAsset, type AssetEvents } from "./asset-state.ts";
import { TranscodeListeners, type TranscodeBackend, type TranscodeEvent, type TranscodeRequest, type TranscodeStatus } from "./transcode-backend.ts";
import { jobStatus, readJob, requestCancel, submitJob } from "./transcode-jobs.ts";

export class QueuedTranscodeBackend implements TranscodeBackend {
  readonly name = "local";
  readonly #store: ObjectStore;
  readonly #clock: Clock;
  readonly #events: AssetEvents | undefined;
  readonly #listeners = new TranscodeListeners();

  constructor(options: { store: ObjectStore; clock: Clock; events?: AssetEvents }) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#events = options.events;
  }

  async submit(request: TranscodeRequest): Promise<TranscodeStatus> {
    const job = await submitJob(this.#store, request, this.#clock.now());
    await moveAsset(this.#store, request.assetId, "queued", { job: { backend: "local", id: request.assetId, progress: 0 } });
    const status = jobStatus(job);
    this.#listeners.emit({ type: "queued", status });
    return status;
  }

  async cancel(jobId: string): Promise<void> {
    const job = await requestCancel(this.#store, jobId);
    // A job that never started is over now; a running one ends when its worker sees the request.
    if (job?.state === "queued") {
      const error = { code: "transcode.canceled", message: "the transcode was cancelled before it started" };
      await failAsset(this.#store, jobId, error, this.#events);
      this.#listeners.emit({ type: "canceled", status: { jobId, state: "canceled", progress: 0, error } });
    }
  }

  async status(jobId: string): Promise<TranscodeStatus | undefined> {
    const held = await readJob(this.#store, jobId);
    if (held !== undefined) return jobStatus(held.job);
    const asset = (await readJson(this.#store, keys.asset(jobId), assetRecordSchema))?.value;
    if (asset?.status === "ready") return { jobId, state: "ready", progress: 1 };
    if (asset?.status === "errored") return { jobId, state: "errored", progress: asset.job?.progress ?? 0, error: asset.error };
    return undefined;
  }

  subscribe(listener: (event: TranscodeEvent) => void): () => void {
    return this.#listeners.subscribe(listener);
  }

  /** For the worker: tells this backend's listeners about a job it runs. */
  emit(event: TranscodeEvent): void {
    this.#listeners.emit(event);
  }
}
