/**
 * `vod.backend: mediaconvert`: the MediaConvert adapter wired from config. Jobs read sources from and
 * write packages to the platform's S3 bucket (under its prefix), from the CMAF ladder template the
 * Transcode stack deployed (`infra/mediaconvert/cmaf-ladder.json` holds the same settings, whose CMAF
 * group the per-asset overrides start from). SPEKE settings come from the tenant's stored provider;
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

export const CMAF_LADDER = new URL("../../infra/mediaconvert/cmaf-ladder.json", import.meta.url);

export async function mediaConvertBackend(config: TributaryConfig, store: ObjectStore, events: AssetEvents): Promise<MediaConvertBackend> {
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
    target: { jobTemplate: settings.jobTemplate, roleArn: settings.roleArn, queueArn: settings.queueArn, bucket: storage.bucket, prefix: storage.prefix },
    speke: { config: async (tenantId) => (await readJson(store, keys.tenantSpeke(tenantId), schema))?.value },
  });
}
