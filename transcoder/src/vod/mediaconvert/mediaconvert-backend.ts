/**
 * The MediaConvert adapter of the `TranscodeBackend` port: `submit` creates a job from the CDK job
 * template (job-input.ts) and moves the asset to `queued` with the job's id; `cancel` cancels it.
 * Progress and the outcome arrive as EventBridge job-state events, which the recorder Lambda applies
 * to the asset record (core/src/vod/mediaconvert-events.ts), so `status` reads the record.
 */
import { CancelJobCommand, CreateJobCommand, type MediaConvertClient } from "@aws-sdk/client-mediaconvert";
import { mediaConvertCmafEncryption, type MediaConvertCmafEncryption, type MediaConvertSpekeInput } from "#core/drm/speke/mediaconvert-speke.ts";
import { TributaryError } from "#core/errors.ts";
import { assetRecordSchema, type AssetRecord } from "#core/records/schemas.ts";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { failAsset, moveAsset, type AssetEvents } from "#core/vod/asset-state.ts";
import { TranscodeListeners, type TranscodeBackend, type TranscodeEvent, type TranscodeRequest, type TranscodeSource, type TranscodeStatus } from "#core/vod/transcode-backend.ts";
import { createJobInput, type MediaConvertTarget, type TemplateLadder } from "./job-input.ts";

export interface MediaConvertBackendOptions {
  store: ObjectStore;
  /** The SDK client (region, credentials, endpoint). */
  client: Pick<MediaConvertClient, "send">;
  target: MediaConvertTarget;
  /** The job template's settings, whose CMAF group the per-asset overrides start from. */
  template: TemplateLadder;
  /** Tenants' SPEKE providers (stored or opened), for cenc and cbcs assets; such assets are refused without one. */
  speke?: { config(tenantId: string): Promise<MediaConvertSpekeInput["config"] | undefined> } | undefined;
  events?: AssetEvents | undefined;
  /**
   * Reads the source's picture when the upload path did not probe it (uploads staged in S3): the
   * ladder is cut to it, and a source without video errors the asset before any job is created.
   */
  probe?: ((source: TranscodeSource) => Promise<{ width: number; height: number } | undefined>) | undefined;
}

export class MediaConvertBackend implements TranscodeBackend {
  readonly name = "mediaconvert";
  readonly #options: MediaConvertBackendOptions;
  readonly #listeners = new TranscodeListeners();

  constructor(options: MediaConvertBackendOptions) {
    this.#options = options;
  }

  async submit(request: TranscodeRequest): Promise<TranscodeStatus> {
    const { store, client, target, template } = this.#options;
    const asset = await this.#asset(request.assetId);
    if (asset === undefined) throw new TributaryError("request.not_found", "asset not found", { details: { assetId: request.assetId } });
    const encryption = await this.#encryption(asset);
    const sourceVideo = request.sourceVideo ?? (await this.#probe(request.source));
    if (sourceVideo === null) {
      const error = { code: "media.invalid", message: "the file has no video stream MediaConvert could transcode; upload a file with video" };
      await failAsset(store, request.assetId, error, this.#options.events);
      const status: TranscodeStatus = { jobId: request.assetId, state: "errored", progress: 0, error };
      this.#listeners.emit({ type: "errored", status });
      return status;
    }
    const input = createJobInput({ target, template, request: { ...request, sourceVideo }, encryption });
    let jobId: string | undefined;
    try {
      jobId = (await client.send(new CreateJobCommand(input))).Job?.Id;
    } catch (error) {
      throw new TributaryError("transcode.unavailable", "MediaConvert refused the job", { cause: error });
    }
    if (jobId === undefined) throw new TributaryError("transcode.unavailable", "MediaConvert answered without a job id");
    await moveAsset(store, request.assetId, "queued", { job: { backend: "mediaconvert", id: jobId, progress: 0 } });
    const status: TranscodeStatus = { jobId: request.assetId, state: "queued", progress: 0 };
    this.#listeners.emit({ type: "queued", status });
    return status;
  }

  async cancel(jobId: string): Promise<void> {
    const asset = await this.#asset(jobId);
    const id = asset?.job?.backend === "mediaconvert" ? asset.job.id : undefined;
    if (asset === undefined || id === undefined || asset.status === "ready" || asset.status === "errored") return;
    try {
      await this.#options.client.send(new CancelJobCommand({ Id: id }));
    } catch (error) {
      throw new TributaryError("transcode.unavailable", "MediaConvert did not cancel the job", { cause: error });
    }
    const error = { code: "transcode.canceled", message: "the transcode was cancelled" };
    await failAsset(this.#options.store, jobId, error, this.#options.events);
    this.#listeners.emit({ type: "canceled", status: { jobId, state: "canceled", progress: asset.job?.progress ?? 0, error } });
  }

  async status(jobId: string): Promise<TranscodeStatus | undefined> {
    const asset = await this.#asset(jobId);
    if (asset?.job?.backend !== "mediaconvert") return undefined;
    const progress = asset.job.progress ?? 0;
    if (asset.status === "ready") return { jobId, state: "ready", progress: 1 };
    if (asset.status === "errored") return { jobId, state: "errored", progress, error: asset.error };
    return { jobId, state: asset.status === "processing" ? "processing" : "queued", progress };
  }

  subscribe(listener: (event: TranscodeEvent) => void): () => void {
    return this.#listeners.subscribe(listener);
  }

  /** The probed picture; `null` when the source has no video, `undefined` when it was not probed. */
  async #probe(source: TranscodeSource): Promise<{ width: number; height: number } | null | undefined> {
    if (this.#options.probe === undefined) return undefined;
    try {
      return (await this.#options.probe(source)) ?? null;
    } catch {
      return null;
    }
  }

  async #asset(assetId: string): Promise<AssetRecord | undefined> {
    return (await readJson(this.#options.store, keys.asset(assetId), assetRecordSchema))?.value;
  }

  /** SPEKE settings for a cenc/cbcs asset; clear assets get none, and aes-128 is not something MediaConvert's CMAF group writes. */
  async #encryption(asset: AssetRecord): Promise<MediaConvertCmafEncryption | undefined> {
    if (asset.encryption === "none") return undefined;
    if (asset.encryption === "aes-128") throw new TributaryError("transcode.unavailable", "MediaConvert's CMAF output encrypts with cenc or cbcs; use one of those, or the local transcode backend for aes-128");
    const config = await this.#options.speke?.config(asset.tenantId);
    if (config === undefined) throw new TributaryError("transcode.unavailable", `the asset asks for ${asset.encryption} but the tenant has no SPEKE provider for MediaConvert; configure one (docs/drm-speke.md)`);
    return mediaConvertCmafEncryption({ config, resourceId: asset.id, scheme: asset.encryption });
  }
}
