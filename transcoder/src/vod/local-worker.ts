/**
 * The local ffmpeg worker: the `TranscodeBackend` adapter that runs jobs from the queue in storage
 * (core/src/vod/transcode-jobs.ts) on this machine, `concurrency` at a time (default half the
 * cores). A running job's lease is renewed every `renewMs` with its progress; a job whose worker died
 * is claimed again once its lease runs out, so a restart requeues it and nothing stays `processing`.
 * Cancellation and the per-job timeout stop ffmpeg; a job that kept killing its worker
 * `maxAttempts` times is given up as errored.
 */
import { availableParallelism } from "node:os";
import type { Clock } from "#core/clock.ts";
import { isTributaryError } from "#core/errors.ts";
import { newId } from "#core/records/ids.ts";
import { failAsset, moveAsset, type AssetEvents } from "#core/vod/asset-state.ts";
import { QueuedTranscodeBackend } from "#core/vod/queued-backend.ts";
import type { TranscodeBackend, TranscodeEvent, TranscodeRequest, TranscodeStatus } from "#core/vod/transcode-backend.ts";
import { claimJob, listJobIds, removeJob, renewJob, type ClaimedJob } from "#core/vod/transcode-jobs.ts";
import { runQueuedJob, type QueuedJobContext } from "./run-queued-job.ts";

/** Timing and retry policy, as data. */
export interface WorkerPolicy {
  concurrency: number;
  /** How long a claim lasts without renewal; a dead worker's jobs wait this long before another takes them. */
  leaseMs: number;
  renewMs: number;
  /** How often the queue is listed for new work. */
  pollMs: number;
  /** A job running longer than this is stopped and errored. */
  jobTimeoutMs: number;
  maxAttempts: number;
}

export const defaultWorkerPolicy: WorkerPolicy = {
  concurrency: Math.max(1, Math.floor(availableParallelism() / 2)),
  leaseMs: 60_000,
  renewMs: 5_000,
  pollMs: 2_000,
  jobTimeoutMs: 6 * 3600_000,
  maxAttempts: 3,
};

export interface LocalWorkerOptions extends QueuedJobContext {
  clock: Clock;
  policy?: Partial<WorkerPolicy>;
  events?: AssetEvents;
}

export class LocalTranscodeWorker implements TranscodeBackend {
  readonly name = "local";
  readonly #ctx: QueuedJobContext;
  readonly #policy: WorkerPolicy;
  readonly #events: AssetEvents | undefined;
  readonly #queue: QueuedTranscodeBackend;
  readonly #owner = newId();
  readonly #running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #polling: Promise<void> | undefined;
  #closed = false;

  constructor(options: LocalWorkerOptions) {
    this.#ctx = options;
    this.#policy = { ...defaultWorkerPolicy, ...options.policy };
    this.#events = options.events;
    this.#queue = new QueuedTranscodeBackend({ store: options.store, clock: options.clock, ...(options.events ? { events: options.events } : {}) });
  }

  /** Starts taking jobs: what an earlier run left in the queue goes first. */
  start(): void {
    this.#poll();
  }

  async submit(request: TranscodeRequest): Promise<TranscodeStatus> {
    const status = await this.#queue.submit(request);
    this.#poll();
    return status;
  }

  async cancel(jobId: string): Promise<void> {
    await this.#queue.cancel(jobId);
    this.#running.get(jobId)?.abort.abort(new Error("the transcode was cancelled"));
  }

  status(jobId: string): Promise<TranscodeStatus | undefined> {
    return this.#queue.status(jobId);
  }

  subscribe(listener: (event: TranscodeEvent) => void): () => void {
    return this.#queue.subscribe(listener);
  }

  /** Resolves when no job runs here. */
  async idle(): Promise<void> {
    while (this.#running.size > 0 || this.#polling) await Promise.all([this.#polling, ...[...this.#running.values()].map((r) => r.done)]);
  }

  /** Stops polling and stops running jobs; their leases lapse and the next start takes them again. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const run of this.#running.values()) run.abort.abort(new Error("the worker stopped"));
    await this.idle();
  }

  #poll(): void {
    if (this.#closed || this.#polling) return;
    clearTimeout(this.#timer);
    this.#polling = this.#pollOnce()
      .catch((error: unknown) => this.#ctx.log?.warn({ err: error }, "transcode queue poll failed"))
      .finally(() => {
        this.#polling = undefined;
        if (!this.#closed) this.#timer = setTimeout(() => this.#poll(), this.#policy.pollMs);
      });
  }

  async #pollOnce(): Promise<void> {
    if (this.#running.size >= this.#policy.concurrency) return;
    for (const assetId of await listJobIds(this.#ctx.store)) {
      if (this.#closed || this.#running.size >= this.#policy.concurrency) return;
      if (this.#running.has(assetId)) continue;
      const claim = await claimJob(this.#ctx.store, assetId, this.#owner, this.#ctx.clock.now(), this.#policy.leaseMs);
      if (claim !== undefined) this.#start(claim);
    }
  }

  #start(claim: ClaimedJob): void {
    const abort = new AbortController();
    const done = this.#run(claim, abort).finally(() => {
      this.#running.delete(claim.job.assetId);
      this.#poll();
    });
    this.#running.set(claim.job.assetId, { abort, done });
  }

  async #run(first: ClaimedJob, abort: AbortController): Promise<void> {
    const { assetId } = first.job;
    const store = this.#ctx.store;
    if (first.job.attempts > this.#policy.maxAttempts) {
      await this.#fail(assetId, { code: "transcode.failed", message: `the transcode stopped ${first.job.attempts - 1} times before finishing; upload the file again or try a smaller one` });
      return;
    }
    const job = { backend: "local" as const, id: assetId };
    await moveAsset(store, assetId, "processing", { job: { ...job, progress: 0 } });
    this.#queue.emit({ type: "started", status: { jobId: assetId, state: "processing", progress: 0 } });
    let claim: ClaimedJob | undefined = first;
    let progress = 0;
    let lost = false;
    const timeout = setTimeout(() => abort.abort(new Error(`the transcode took longer than ${Math.round(this.#policy.jobTimeoutMs / 1000)} s and was stopped`)), this.#policy.jobTimeoutMs);
    const renew = setInterval(() => {
      if (claim === undefined) return;
      void renewJob(store, claim, progress, this.#ctx.clock.now(), this.#policy.leaseMs)
        .then(async (renewed) => {
          claim = renewed;
          if (renewed === undefined) {
            lost = true;
            abort.abort(new Error("the job was taken over by another worker"));
          } else if (renewed.job.cancelRequested === true) abort.abort(new Error("the transcode was cancelled"));
          else await moveAsset(store, assetId, "processing", { job: { ...job, progress } });
          this.#queue.emit({ type: "progress", status: { jobId: assetId, state: "processing", progress } });
        })
        .catch((error: unknown) => this.#ctx.log?.warn({ err: error, assetId }, "lease renewal failed"));
    }, this.#policy.renewMs);
    try {
      const result = await runQueuedJob(this.#ctx, first.job, abort.signal, (fraction) => (progress = fraction));
      await moveAsset(store, assetId, "ready", {
        durationSeconds: result.durationSeconds,
        renditions: result.ladder.video.map((rung) => ({ name: rung.name, width: rung.width, height: rung.height, bandwidth: rung.maxrate })),
        downloads: result.downloads,
        ...(result.storyboard === undefined ? {} : { storyboard: result.storyboard }),
        job: { ...job, progress: 1 },
      }, this.#events);
      await removeJob(store, assetId);
      this.#queue.emit({ type: "ready", status: { jobId: assetId, state: "ready", progress: 1 } });
    } catch (error) {
      // Stopped by close() or a lost claim: the job stays queued for whoever takes it next.
      if (lost || this.#closed) return;
      const reason = abort.signal.aborted && abort.signal.reason instanceof Error ? abort.signal.reason.message : undefined;
      const failure = isTributaryError(error) ? { code: error.code, message: reason ?? error.message } : { code: "transcode.failed", message: reason ?? "the transcode failed" };
      if (!isTributaryError(error)) this.#ctx.log?.error({ err: error, assetId }, "transcode failed");
      await this.#fail(assetId, failure);
    } finally {
      clearTimeout(timeout);
      clearInterval(renew);
    }
  }

  async #fail(assetId: string, error: { code: string; message: string }): Promise<void> {
    await failAsset(this.#ctx.store, assetId, error, this.#events);
    await removeJob(this.#ctx.store, assetId);
    this.#queue.emit({ type: "errored", status: { jobId: assetId, state: "errored", progress: 0, error } });
  }
}
