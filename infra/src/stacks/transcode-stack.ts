/** Transcode stack: MediaConvert queue, role and CMAF job template, and the job-state event pipeline. */
import type { StackProps } from "aws-cdk-lib";
import { CfnOutput, Stack } from "aws-cdk-lib";
import { Bucket } from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import type { TributaryConfig } from "../config.ts";
import { bucketNames } from "../bucket-names.ts";
import type { MediaConvertAccess } from "../constructs/relay/relay-role.ts";
import { CmafJobTemplate } from "../constructs/transcode/cmaf-job-template.ts";
import { JobEvents } from "../constructs/transcode/job-events.ts";
import { MediaConvertQueue } from "../constructs/transcode/mediaconvert-queue.ts";

export interface TranscodeStackProps extends StackProps {
  config: TributaryConfig;
}

export class TranscodeStack extends Stack {
  readonly mediaConvert: MediaConvertAccess & { jobTemplateName: string };
  readonly queueArn: string;
  readonly events: JobEvents;

  constructor(scope: Construct, id: string, props: TranscodeStackProps) {
    super(scope, id, props);
    const bucket = Bucket.fromBucketName(this, "MediaBucket", bucketNames(props.config.env, this.account, this.region).media);
    const queue = new MediaConvertQueue(this, "MediaConvert", { bucket, queueName: `tributary-${props.config.env}` });
    const templateName = `tributary-${props.config.env}-cmaf-ladder`;
    const template = new CmafJobTemplate(this, "CmafLadder", { name: templateName, queueArn: queue.queueArn });
    this.events = new JobEvents(this, "JobEvents", { bucket, queueArn: queue.queueArn });
    this.queueArn = queue.queueArn;
    this.mediaConvert = { queueArn: queue.queueArn, jobTemplateArn: template.template.attrArn, roleArn: queue.role.roleArn, jobTemplateName: templateName };

    new CfnOutput(this, "MediaConvertQueueArn", { value: queue.queueArn });
    new CfnOutput(this, "MediaConvertRoleArn", { value: queue.role.roleArn });
    new CfnOutput(this, "MediaConvertJobTemplate", { value: templateName });
  }
}
