/**
 * MediaConvert job state changes → EventBridge → a small Lambda that records the job state in
 * `assets/<assetId>.json` with a conditional put. EventBridge rather than an SQS queue consumed by the
 * relays: VOD must progress when no relay runs (the fleet may be at its minimum or mid-replacement),
 * and EventBridge delivers with retries and a dead-letter queue without anything polling.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { Effect, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { acknowledge, acknowledgeScopedWildcards, underPrefixes } from "../../nag.ts";
import { Construct } from "constructs";
import { fileURLToPath } from "node:url";
import { layout } from "#core/platform/layout.ts";
import { grantedPrefixes, grantStorage } from "../storage/storage-grants.ts";

export const HANDLER_ENTRY = fileURLToPath(new URL("../../../lambda/mediaconvert-events.ts", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export interface JobEventsProps {
  bucket: IBucket;
  /** Only events from this queue are handled. */
  queueArn: string;
  /** Days the handler's logs are kept. @default one month */
  logRetention?: RetentionDays;
}

export class JobEvents extends Construct {
  readonly handler: IFunction;
  readonly deadLetterQueue: Queue;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: JobEventsProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, "Logs", { retention: props.logRetention ?? RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const role = new Role(this, "Role", { assumedBy: new ServicePrincipal("lambda.amazonaws.com"), description: "MediaConvert job-state recorder" });
    role.addToPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [logGroup.logGroupArn] }));
    grantStorage(role, props.bucket, "jobEvents");

    this.handler = new NodejsFunction(this, "Handler", {
      entry: HANDLER_ENTRY,
      projectRoot: REPO_ROOT,
      handler: "handler",
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(30),
      role,
      logGroup,
      environment: { BUCKET_NAME: props.bucket.bucketName },
      bundling: { forceDockerBundling: false, minify: true, sourceMap: false, target: "node24", format: OutputFormat.ESM, bundleAwsSDK: false },
    });

    this.deadLetterQueue = new Queue(this, "DeadLetters", { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    this.rule = new Rule(this, "JobStateChange", {
      description: "MediaConvert job state changes of Tributary's queue",
      eventPattern: {
        source: ["aws.mediaconvert"],
        detailType: ["MediaConvert Job State Change"],
        detail: { queue: [props.queueArn], userMetadata: { assetId: [{ exists: true }] } },
      },
      targets: [new LambdaFunction(this.handler, { deadLetterQueue: this.deadLetterQueue, retryAttempts: 8, maxEventAge: Duration.hours(6) })],
    });

    acknowledge(this.deadLetterQueue, { id: "AwsSolutions-SQS3", reason: "This queue is itself the dead-letter queue of the job-event rule." });
    acknowledgeScopedWildcards(role, { allowed: [underPrefixes(...grantedPrefixes("jobEvents"))], reason: `The handler updates asset records, whose keys (${layout.assets.prefix}<assetId>.json) come from each event.` });
  }
}
