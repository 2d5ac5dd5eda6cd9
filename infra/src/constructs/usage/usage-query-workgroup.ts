/**
 * The Athena workgroup usage queries run in, and the bucket its results land in. The workgroup's
 * configuration is enforced, so a client cannot send results elsewhere or skip their encryption, and
 * a per-query scan cutoff bounds what one runaway query can cost. Results are only read back once
 * through GetQueryResults, so they expire after a few days.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { CfnWorkGroup } from "aws-cdk-lib/aws-athena";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";

/** Where in the results bucket the workgroup writes. */
export const QUERY_RESULTS_PREFIX = "results/";

export interface UsageQueryWorkGroupProps {
  workGroupName: string;
  /** Results bucket name (see bucketNames in ../../bucket-names.ts). @default generated */
  bucketName?: string;
  accessLogs: IBucket;
  /** Days query results are kept. @default 7 */
  resultRetentionDays?: number;
  /** Bytes one query may scan before Athena cancels it. @default 1 TiB */
  bytesScannedCutoffPerQuery?: number;
}

export class UsageQueryWorkGroup extends Construct {
  readonly results: Bucket;
  readonly workGroup: CfnWorkGroup;

  constructor(scope: Construct, id: string, props: UsageQueryWorkGroupProps) {
    super(scope, id);
    this.results = new Bucket(this, "Results", {
      ...(props.bucketName !== undefined ? { bucketName: props.bucketName } : {}),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: "s3/query-results/",
      lifecycleRules: [{ id: "expire-results", expiration: Duration.days(props.resultRetentionDays ?? 7), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.workGroup = new CfnWorkGroup(this, "WorkGroup", {
      name: props.workGroupName,
      description: "Tributary usage and invoice queries",
      state: "ENABLED",
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        requesterPaysEnabled: false,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? 1024 ** 4,
        engineVersion: { selectedEngineVersion: "Athena engine version 3" },
        resultConfiguration: {
          outputLocation: `s3://${this.results.bucketName}/${QUERY_RESULTS_PREFIX}`,
          encryptionConfiguration: { encryptionOption: "SSE_S3" },
        },
      },
    });
  }
}
