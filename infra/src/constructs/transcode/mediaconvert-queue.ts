/**
 * The MediaConvert side of VOD: an on-demand queue and the service role jobs run as, which reads
 * sources under assets/ and writes CMAF output under media/.
 */
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { Effect, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { CfnQueue } from "aws-cdk-lib/aws-mediaconvert";
import { acknowledgeScopedWildcards, underPrefixes } from "../../nag.ts";
import { Construct } from "constructs";
import { prefixes } from "../../prefixes.ts";

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
    this.role.addToPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ["s3:GetObject"], resources: [props.bucket.arnForObjects(`${prefixes.assets}*`)] }));
    this.role.addToPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ["s3:PutObject", "s3:GetObject"], resources: [props.bucket.arnForObjects(`${prefixes.media}*`)] }));
    this.role.addToPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ["s3:ListBucket"], resources: [props.bucket.bucketArn], conditions: { StringLike: { "s3:prefix": [`${prefixes.assets}*`, `${prefixes.media}*`] } } }),
    );
    acknowledgeScopedWildcards(this.role, { allowed: [underPrefixes(prefixes.assets, prefixes.media)], reason: `MediaConvert reads sources under ${prefixes.assets} and writes outputs under ${prefixes.media}; job ids make every key unknown in advance.` });
  }
}
