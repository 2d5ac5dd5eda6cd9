/**
 * Storage stack: the media bucket, its access-log bucket, the platform secrets, the edge's read-only S3
 * credentials, and the usage query side (Glue tables and view over usage/, the Athena workgroup).
 */
import type { StackProps } from "aws-cdk-lib";
import { CfnOutput, Stack } from "aws-cdk-lib";
import type { Bucket } from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import type { TributaryConfig } from "../config.ts";
import { bucketNames, usageQueryNames } from "../bucket-names.ts";
import { AccessLogsBucket } from "../constructs/storage/access-logs-bucket.ts";
import { EdgeAccess } from "../constructs/storage/edge-access.ts";
import { MediaBucket } from "../constructs/storage/media-bucket.ts";
import { PlatformSecrets } from "../constructs/storage/platform-secrets.ts";
import { UsageQueryWorkGroup } from "../constructs/usage/usage-query-workgroup.ts";
import { UsageRecordsView } from "../constructs/usage/usage-records-view.ts";
import { UsageTables } from "../constructs/usage/usage-tables.ts";

export interface StorageStackProps extends StackProps {
  config: TributaryConfig;
}

export class StorageStack extends Stack {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;
  readonly secrets: PlatformSecrets;
  readonly usageTables: UsageTables;
  readonly usageQueries: UsageQueryWorkGroup;

  constructor(scope: Construct, id: string, props: StorageStackProps) {
    super(scope, id, props);
    const { config } = props;
    const names = bucketNames(config.env, this.account, this.region);
    this.accessLogs = new AccessLogsBucket(this, "AccessLogs", { bucketName: names.logs }).bucket;
    this.bucket = new MediaBucket(this, "Media", {
      bucketName: names.media,
      accessLogs: this.accessLogs,
      uploadOrigins: config.uploadOrigins,
      ...(config.recordingRetentionDays !== undefined ? { recordingRetentionDays: config.recordingRetentionDays } : {}),
    }).bucket;
    const namePrefix = `tributary/${config.env}`;
    this.secrets = new PlatformSecrets(this, "Secrets", { namePrefix, r2: config.r2 !== undefined });
    const usageNames = usageQueryNames(config.env);
    this.usageTables = new UsageTables(this, "UsageTables", { databaseName: usageNames.database, bucketName: names.media });
    const view = new UsageRecordsView(this, "UsageRecords", { databaseName: usageNames.database });
    for (const table of [this.usageTables.database, ...Object.values(this.usageTables.tables)]) view.table.addResourceDependency(table);
    this.usageQueries = new UsageQueryWorkGroup(this, "UsageQueries", { workGroupName: usageNames.workGroup, bucketName: names.queryResults, accessLogs: this.accessLogs });
    const edge = new EdgeAccess(this, "EdgeAccess", { bucket: this.bucket, secretName: `${namePrefix}/edge-s3-credentials` });

    new CfnOutput(this, "MediaBucketName", { value: this.bucket.bucketName, description: "Bucket of record (TRIBUTARY_S3_BUCKET)" });
    new CfnOutput(this, "Region", { value: this.region, description: "Region of the bucket (TRIBUTARY_S3_REGION)" });
    new CfnOutput(this, "AdminKeySecretArn", { value: this.secrets.adminKey.secretArn, description: "Secrets Manager ARN of the platform tenant's admin API key ({adminKey}, tk_ form once a relay started)" });
    if (config.r2 !== undefined && this.secrets.r2Credentials !== undefined) {
      new CfnOutput(this, "R2Bucket", { value: config.r2.bucket, description: "R2 bucket of record (R2 mode)" });
      new CfnOutput(this, "R2Endpoint", { value: config.r2.endpoint, description: "R2 S3-API endpoint (R2 mode)" });
      new CfnOutput(this, "R2CredentialsSecretArn", { value: this.secrets.r2Credentials.secretArn, description: "Secrets Manager ARN of the R2 token (fill after deploy)" });
    }
    new CfnOutput(this, "UsageDatabase", { value: usageNames.database, description: "Glue database whose usage_records view billing queries on Athena" });
    new CfnOutput(this, "UsageWorkGroup", { value: usageNames.workGroup, description: "Athena workgroup usage queries run in" });
    new CfnOutput(this, "EdgeCredentialsSecretArn", { value: edge.credentials.secretArn, description: "Secrets Manager ARN of the edge's S3 access key" });
  }
}
