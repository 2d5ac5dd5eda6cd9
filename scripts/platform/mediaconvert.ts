/**
 * `vod.backend: mediaconvert`: the MediaConvert adapter wired from config. Jobs read sources from and
 * write packages to the platform's S3 bucket (under its prefix), from the CMAF ladder template the
 * Transcode stack deployed (`infra/mediaconvert/cmaf-ladder.json` holds the same settings, whose CMAF
 * group the per-asset overrides start from). Uploads staged in S3 are probed with ffprobe over a
 * presigned URL before the job, as the local worker probes files. SPEKE settings come from the tenant's stored provider;
 * MediaConvert signs its own calls, so no credential is opened here.
 */
import { readFile } from "node:fs/promises";
import { MediaConvertClient } from "@aws-sdk/client-mediaconvert";
import type { TributaryConfig } from "#core/config/schema.ts";
import { storedSpekeConfigSchema } from "#core/drm/speke/speke-config.ts";
import { TributaryError } from "#core/errors.ts";
import { readJson } from "#core/storage/json.ts";
import { keys } from "#core/storage/keys.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { AssetEvents } from "#core/vod/asset-state.ts";
import type { TemplateLadder } from "#transcoder/vod/mediaconvert/job-input.ts";
import { MediaConvertBackend } from "#transcoder/vod/mediaconvert/mediaconvert-backend.ts";
import { probe, sourceInfoFromProbe } from "#transcoder/ffmpeg/probe.ts";
import type { TranscodeSource } from "#core/vod/transcode-backend.ts";

export const CMAF_LADDER = new URL("../../infra/mediaconvert/cmaf-ladder.json", import.meta.url);

/** Seconds ffprobe may take to read a staged upload's headers over its presigned URL. */
const PROBE_URL_SECONDS = 15 * 60;

/** ffprobe over a presigned GET of a staged upload, so the ladder never goes above the source. */
function presignedProbe(store: ObjectStore, ffprobe: string): (source: TranscodeSource) => Promise<{ width: number; height: number } | undefined> {
  return async (source) => {
    if (source.kind !== "object") return undefined;
    const url = await store.presign(source.key, { method: "GET", expiresIn: PROBE_URL_SECONDS });
    if (url === undefined) return undefined;
    const video = sourceInfoFromProbe(await probe(ffprobe, url));
    return video === null ? undefined : { width: video.width, height: video.height };
  };
}

export async function mediaConvertBackend(config: TributaryConfig, store: ObjectStore, events: AssetEvents, ffprobe: string): Promise<MediaConvertBackend> {
  const settings = config.vod.mediaConvert;
  const storage = config.storage;
  if (settings === undefined) throw new TributaryError("config.invalid", "vod.backend mediaconvert needs vod.mediaConvert (region, jobTemplate, roleArn)");
  if (storage?.kind !== "s3" || storage.endpoint !== undefined) throw new TributaryError("config.invalid", "vod.backend mediaconvert needs S3 storage on AWS (storage.kind s3, no custom endpoint): MediaConvert reads and writes the bucket itself");
  const template = JSON.parse(await readFile(CMAF_LADDER, "utf8")) as TemplateLadder;
  const client = new MediaConvertClient({ region: settings.region, ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }) });
  const schema = storedSpekeConfigSchema({ allowPrivateTargets: false });
  return new MediaConvertBackend({
    store,
    client,
    template,
    events,
    probe: presignedProbe(store, ffprobe),
    target: { jobTemplate: settings.jobTemplate, roleArn: settings.roleArn, queueArn: settings.queueArn, bucket: storage.bucket, prefix: storage.prefix },
    speke: { config: async (tenantId) => (await readJson(store, keys.tenantSpeke(tenantId), schema))?.value },
  });
}
