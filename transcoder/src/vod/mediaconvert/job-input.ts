/**
 * One asset's MediaConvert `CreateJob` request: the CDK job template by name, with the per-asset
 * overrides the template cannot know: the input URL, the CMAF group's destination under
 * `media/<mediaId>/` (so the edge serves it like any package), the ladder cut to rungs no taller than
 * the source (MediaConvert scales up when told to; we never ask), SPEKE encryption for cenc/cbcs
 * assets, and `UserMetadata` naming the asset and tenant for the job-state events.
 */
import type { CreateJobRequest, JobSettings, Output, OutputGroup } from "@aws-sdk/client-mediaconvert";
import type { MediaConvertCmafEncryption } from "#core/drm/speke/mediaconvert-speke.ts";
import { TributaryError } from "#core/errors.ts";
import { keys } from "#core/storage/keys.ts";
import type { TranscodeRequest } from "#core/vod/transcode-backend.ts";

/** Where jobs run and what they read and write, as the Transcode stack outputs them. */
export interface MediaConvertTarget {
  /** `MediaConvertJobTemplate`: the template name. */
  jobTemplate: string;
  /** `MediaConvertQueueArn`; the template's queue when absent. */
  queueArn?: string | undefined;
  /** `MediaConvertRoleArn`: the role jobs run as (iam:PassRole). */
  roleArn: string;
  /** The media bucket, and the key prefix the platform's store uses in it ("" or ending in `/`). */
  bucket: string;
  prefix: string;
}

/** The template's settings (infra/mediaconvert/cmaf-ladder.json): the one CMAF group and its outputs. */
export interface TemplateLadder {
  OutputGroups?: OutputGroup[] | undefined;
}

export interface JobInputParts {
  target: MediaConvertTarget;
  template: TemplateLadder;
  request: TranscodeRequest;
  /** Encryption settings for the CMAF group, when the asset is encrypted. */
  encryption?: MediaConvertCmafEncryption | undefined;
}

/** The CMAF manifests' base name: MediaConvert writes `master.m3u8`, `master.mpd` and `master_<rung>…` beside them. */
export const MANIFEST_BASENAME = "master";

function s3Url(target: MediaConvertTarget, key: string): string {
  return `s3://${target.bucket}/${target.prefix}${key}`;
}

/** The source as MediaConvert reads it: an object in the bucket, or an https URL. */
export function inputUrl(target: MediaConvertTarget, request: TranscodeRequest): string {
  const { source } = request;
  if (source.kind === "object") return s3Url(target, source.key);
  if (source.kind === "url" && source.url.startsWith("https://")) return source.url;
  throw new TributaryError("transcode.unavailable", "MediaConvert reads sources from the bucket or an https URL; this upload is on the worker's disk, so run the local transcode backend (vod.backend: local) or stage uploads in S3", { details: { source: source.kind } });
}

/** The video rungs no taller than the source, and every output without video (the audio group). */
export function fitOutputs(outputs: readonly Output[], sourceHeight: number | undefined): Output[] {
  if (sourceHeight === undefined) return [...outputs];
  const fitting = outputs.filter((output) => (output.VideoDescription?.Height ?? 0) <= sourceHeight);
  if (fitting.some((output) => output.VideoDescription !== undefined)) return fitting;
  // A source shorter than the smallest rung still gets one video rendition: the smallest, at source size.
  const video = outputs.filter((output) => output.VideoDescription !== undefined).sort((a, b) => (a.VideoDescription?.Height ?? 0) - (b.VideoDescription?.Height ?? 0));
  const smallest = video[0];
  if (smallest === undefined) return fitting;
  const { Width: _width, Height: _height, ...sized } = smallest.VideoDescription ?? {};
  return [{ ...smallest, VideoDescription: sized }, ...fitting];
}

function cmafGroup(template: TemplateLadder): OutputGroup {
  const group = template.OutputGroups?.find((candidate) => candidate.OutputGroupSettings?.Type === "CMAF_GROUP_SETTINGS");
  if (group === undefined) throw new TypeError("the MediaConvert job template has no CMAF output group");
  return group;
}

export function createJobInput(parts: JobInputParts): CreateJobRequest {
  const { target, request } = parts;
  const group = cmafGroup(parts.template);
  const cmaf = group.OutputGroupSettings?.CmafGroupSettings ?? {};
  const settings: JobSettings = {
    Inputs: [{ FileInput: inputUrl(target, request) }],
    OutputGroups: [
      {
        ...group,
        OutputGroupSettings: {
          Type: "CMAF_GROUP_SETTINGS",
          CmafGroupSettings: {
            ...cmaf,
            Destination: s3Url(target, `${keys.mediaPrefix(request.mediaId)}${MANIFEST_BASENAME}`),
            ...(parts.encryption === undefined ? {} : { Encryption: parts.encryption }),
          },
        },
        Outputs: fitOutputs(group.Outputs ?? [], request.sourceVideo?.height),
      },
    ],
  };
  return {
    JobTemplate: target.jobTemplate,
    Role: target.roleArn,
    ...(target.queueArn === undefined ? {} : { Queue: target.queueArn }),
    Settings: settings,
    UserMetadata: { assetId: request.assetId, tenantId: request.tenantId, mediaId: request.mediaId },
  };
}
