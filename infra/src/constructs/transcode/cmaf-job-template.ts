/**
 * The VOD ladder as a MediaConvert job template, loaded from infra/mediaconvert/cmaf-ladder.json:
 * 1080p/720p/480p/360p/240p H.264 with a fixed 2 s GOP (no scene-cut keyframes, so renditions align
 * with the live ladder), AAC 128 kb/s, one CMAF group writing HLS and DASH manifests.
 */
import { readFileSync } from "node:fs";
import { CfnJobTemplate } from "aws-cdk-lib/aws-mediaconvert";
import { Construct } from "constructs";

export const CMAF_LADDER_PATH = new URL("../../../mediaconvert/cmaf-ladder.json", import.meta.url);

/** The template's `Settings` object as stored in the JSON file. */
export function loadCmafLadder(): Record<string, unknown> {
  const parsed: unknown = JSON.parse(readFileSync(CMAF_LADDER_PATH, "utf8"));
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new TypeError("cmaf-ladder.json must hold a JSON object");
  return parsed as Record<string, unknown>;
}

export interface CmafJobTemplateProps {
  /** Template name jobs refer to. */
  name: string;
  /** Queue ARN jobs from this template go to. */
  queueArn: string;
}

export class CmafJobTemplate extends Construct {
  readonly template: CfnJobTemplate;

  constructor(scope: Construct, id: string, props: CmafJobTemplateProps) {
    super(scope, id);
    this.template = new CfnJobTemplate(this, "Template", {
      name: props.name,
      description: "Tributary CMAF ladder: 1080p-240p H.264, 2 s GOP, AAC 128k, HLS + DASH",
      category: "tributary",
      queue: props.queueArn,
      statusUpdateInterval: "SECONDS_30",
      settingsJson: loadCmafLadder(),
    });
  }
}
