/**
 * The `TranscodeBackend` port (ARCHITECTURE.md "Ports and adapters"): a backend turns one asset's
 * source into the CMAF package under `media/<mediaId>/` that live streams have too. Adapters: the
 * local ffmpeg worker (transcoder/src/vod/local-worker.ts, over the job queue in storage,
 * transcode-jobs.ts) and, at scale, AWS MediaConvert. Web-standard types only, so the API submits from
 * Workers and Node alike.
 */

/** Where the source bytes are. */
export type TranscodeSource =
  /** A file on the worker's machine (the tus file store under the data dir). */
  | { kind: "file"; path: string }
  /** An object in the platform's store (uploads staged in the bucket). */
  | { kind: "object"; key: string }
  /** An http(s) URL the worker fetches through the outbound-address guard. */
  | { kind: "url"; url: string };

/** Caps the source must stay within; a source over one becomes an `errored` asset saying which. */
export interface SourceLimits {
  maxSizeBytes: number;
  maxDurationSeconds: number;
}

export interface TranscodeRequest {
  assetId: string;
  tenantId: string;
  mediaId: string;
  source: TranscodeSource;
  /** Ladder profile name or rungs as the API accepted them (core/src/ladder/stream-ladder.ts). */
  ladder?: unknown;
  limits: SourceLimits;
  /** The source's picture as ffprobe saw it at upload, when it was probed: backends never encode above it. */
  sourceVideo?: { width: number; height: number } | undefined;
}

export type TranscodeState = "queued" | "processing" | "ready" | "errored" | "canceled";

export interface TranscodeStatus {
  /** One job per asset at a time: the job id is the asset id. */
  jobId: string;
  state: TranscodeState;
  /** 0..1 of the source's duration transcoded. */
  progress: number;
  error?: { code: string; message: string } | undefined;
}

export type TranscodeEventType = "queued" | "started" | "progress" | "ready" | "errored" | "canceled";

export interface TranscodeEvent {
  type: TranscodeEventType;
  status: TranscodeStatus;
}

export interface TranscodeBackend {
  readonly name: "local" | "mediaconvert";
  /** Queues the job; resolves once it is durable (a restart will run it). */
  submit(request: TranscodeRequest): Promise<TranscodeStatus>;
  /** Stops the job if it runs and drops it if it waits; cancelling a finished job changes nothing. */
  cancel(jobId: string): Promise<void>;
  /** The job's state, or `undefined` when the backend holds no such job (finished jobs leave it). */
  status(jobId: string): Promise<TranscodeStatus | undefined>;
  /** Every state change and progress step this backend observes; returns the unsubscribe. */
  subscribe(listener: (event: TranscodeEvent) => void): () => void;
}

/** Listeners of a backend's events, for adapters to share. */
export class TranscodeListeners {
  readonly #listeners = new Set<(event: TranscodeEvent) => void>();

  subscribe(listener: (event: TranscodeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: TranscodeEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
