/**
 * The one bucket of record: stream and tenant records, CMAF media, asset records and VOD sources,
 * usage logs and platform objects, laid out by prefix (core/src/platform/layout.ts).
 *
 * Versioning is bucket-wide. It is on because records (tenants/, streams/, assets/, system/) are
 * rewritten in place with conditional puts and an overwrite by a buggy writer must be recoverable.
 * Media and usage objects are written once and are large in number, so their noncurrent versions
 * (and delete markers) expire after a day; records keep theirs for `recordVersionDays`.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type { IBucket, LifecycleRule } from "aws-cdk-lib/aws-s3";
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership, StorageClass } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { layout, OBJECT_TAGS, type LayoutName, type PrefixRule } from "#core/platform/layout.ts";

export interface MediaBucketProps {
  /** Bucket name (see bucketNames in ../../bucket-names.ts). @default generated */
  bucketName?: string;
  /** Bucket for S3 server access logs. */
  accessLogs: IBucket;
  /** Origins allowed to PUT presigned uploads from a browser. @default ["*"] */
  uploadOrigins?: string[];
  /** Days after which objects tagged as recordings expire. @default never */
  recordingRetentionDays?: number;
  /** Days noncurrent versions of records are kept. @default 30 */
  recordVersionDays?: number;
  /** Days before usage logs move to Standard-IA (30 at least, S3's minimum for IA). @default 30 */
  usageInfrequentAccessDays?: number;
  /** Removal policy; data buckets are retained unless a throwaway environment says otherwise. @default RETAIN */
  removalPolicy?: RemovalPolicy;
}

export class MediaBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: MediaBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, "Bucket", {
      ...(props.bucketName !== undefined ? { bucketName: props.bucketName } : {}),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // SSE-S3: SSE-KMS would add a KMS request to every segment GET and PUT, which live streaming makes many of.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: "s3/media/",
      cors: [
        {
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
          allowedOrigins: props.uploadOrigins ?? ["*"],
          allowedHeaders: ["*"],
          exposedHeaders: ["ETag"],
          maxAge: 3000,
        },
      ],
      lifecycleRules: lifecycleRules(props),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}

/**
 * Lifecycle rules generated from the layout's retention column (core/src/platform/layout.ts): replaced
 * media versions go after a day, records keep their last versions for a while, scratch space expires,
 * logs move to infrequent access; recordings expire by tag when a retention is configured.
 */
function lifecycleRules(props: MediaBucketProps): LifecycleRule[] {
  const day = Duration.days(1);
  const rules: LifecycleRule[] = [{ id: "abort-incomplete-uploads", abortIncompleteMultipartUploadAfter: day }];
  for (const [name, rule] of Object.entries(layout) as [LayoutName, PrefixRule][]) {
    const prefix = rule.prefix;
    const id = kebab(name);
    switch (rule.retention) {
      case "scratch":
        rules.push({ id: `${id}-expires`, prefix, expiration: day, noncurrentVersionExpiration: day });
        break;
      case "media":
        rules.push({ id: `${id}-noncurrent`, prefix, noncurrentVersionExpiration: day, expiredObjectDeleteMarker: true });
        break;
      case "logs":
        rules.push({
          id: `${id}-tiering`,
          prefix,
          noncurrentVersionExpiration: day,
          expiredObjectDeleteMarker: true,
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(props.usageInfrequentAccessDays ?? 30) }],
        });
        break;
      case "records":
        rules.push({ id: `${id}-versions`, prefix, noncurrentVersionExpiration: Duration.days(props.recordVersionDays ?? 30), noncurrentVersionsToRetain: 5 });
        break;
      case undefined:
        break;
    }
  }
  if (props.recordingRetentionDays !== undefined) {
    const tag = OBJECT_TAGS.recording;
    rules.push({ id: "recordings-expire", prefix: layout.media.prefix, tagFilters: { [tag.key]: tag.value }, expiration: Duration.days(props.recordingRetentionDays) });
  }
  return rules;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
