/** The bucket that receives S3 server access logs, NLB access logs and VPC flow logs. */
import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import { Effect, PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { acknowledge } from "../../nag.ts";
import { Construct } from "constructs";

/** Key prefixes AWS log delivery (NLB access logs, VPC flow logs) writes under. */
export const LOG_DELIVERY_PREFIXES = ["nlb/", "vpc-flow-logs/"] as const;

export interface AccessLogsBucketProps {
  /** Bucket name. @default generated */
  bucketName?: string;
  /** Days log objects are kept. @default 90 */
  retentionDays?: number;
}

export class AccessLogsBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AccessLogsBucketProps = {}) {
    super(scope, id);
    this.bucket = new Bucket(this, "Bucket", {
      ...(props.bucketName !== undefined ? { bucketName: props.bucketName } : {}),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // Log delivery (S3, NLB, flow logs) supports SSE-S3 only, not SSE-KMS with an AWS-managed key.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: "expire-logs", expiration: Duration.days(props.retentionDays ?? 90), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // NLB access logs and S3-destined flow logs are written by the log delivery service (ELB docs,
    // "Access logs for your Network Load Balancer": bucket policy).
    const delivery = new ServicePrincipal("delivery.logs.amazonaws.com");
    const sourceAccount = { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } };
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [delivery],
        actions: ["s3:PutObject"],
        resources: LOG_DELIVERY_PREFIXES.map((p) => this.bucket.arnForObjects(`${p}AWSLogs/${Aws.ACCOUNT_ID}/*`)),
        conditions: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
    );
    this.bucket.addToResourcePolicy(new PolicyStatement({ effect: Effect.ALLOW, principals: [delivery], actions: ["s3:GetBucketAcl"], resources: [this.bucket.bucketArn], conditions: sourceAccount }));
    acknowledge(this.bucket, 
      { id: "AwsSolutions-S1", reason: "This is the access-log target itself; logging it into itself would loop and another bucket would only move the question." });
  }
}
