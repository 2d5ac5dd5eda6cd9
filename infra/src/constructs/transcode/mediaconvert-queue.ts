/**
 * The MediaConvert side of VOD: an on-demand queue and the service role jobs run as, which reads
 * sources under assets/ and writes CMAF output under media/.
 */
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { CfnQueue } from "aws-cdk-lib/aws-mediaconvert";
import { acknowledgeScopedWildcards, underPrefixes } from "../../nag.ts";
import { Construct } from "constructs";
import { layout } from "#core/platform/layout.ts";
import { grantedPrefixes, grantStorage } from "../storage/storage-grants.ts";

export interface MediaConvertQueueProps {
  bucket: IBucket;
  /** Queue name. */
  queueName: string;
  /** Jobs the queue runs at once (on-demand pricing). @default 20 */
  concurrentJobs?: number;
}

export class MediaConvertQueue extends Construct {
  readonly queue: CfnQueue;
  readonly role: Role;
  readonly queueArn: string;

  constructor(scope: Construct, id: string, props: MediaConvertQueueProps) {
    super(scope, id);
    this.queue = new CfnQueue(this, "Queue", {
      name: props.queueName,
      pricingPlan: "ON_DEMAND",
      concurrentJobs: props.concurrentJobs ?? 20,
      description: "Tributary VOD transcodes",
    });
    this.queueArn = this.queue.attrArn;
    this.role = new Role(this, "Role", { assumedBy: new ServicePrincipal("mediaconvert.amazonaws.com"), description: "MediaConvert jobs for Tributary VOD" });
    grantStorage(this.role, props.bucket, "mediaConvert");
    acknowledgeScopedWildcards(this.role, { allowed: [underPrefixes(...grantedPrefixes("mediaConvert"))], reason: `MediaConvert reads sources under ${layout.assets.prefix} and writes outputs under ${layout.media.prefix}; job ids make every key unknown in advance.` });
  }
}
