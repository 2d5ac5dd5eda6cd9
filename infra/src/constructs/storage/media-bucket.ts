/**
 * The one bucket of record: stream and tenant records, CMAF media, asset records and VOD sources,
 * usage logs and platform objects, laid out by prefix (../../prefixes.ts).
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
import { prefixes, RECORDING_TAG } from "../../prefixes.ts";

export interface MediaBucketProps {
  /** Bucket name (see bucketNames in ../../prefixes.ts). @default generated */
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

function lifecycleRules(props: MediaBucketProps): LifecycleRule[] {
  const day = Duration.days(1);
  const rules: LifecycleRule[] = [
    { id: "abort-incomplete-uploads", abortIncompleteMultipartUploadAfter: day },
    { id: "temp-expires", prefix: prefixes.temp, expiration: day, noncurrentVersionExpiration: day },
    { id: "media-noncurrent", prefix: prefixes.media, noncurrentVersionExpiration: day, expiredObjectDeleteMarker: true },
    { id: "live-noncurrent", prefix: prefixes.live, noncurrentVersionExpiration: day, expiredObjectDeleteMarker: true },
    {
      id: "usage-tiering",
      prefix: prefixes.usage,
      noncurrentVersionExpiration: day,
      expiredObjectDeleteMarker: true,
      transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(props.usageInfrequentAccessDays ?? 30) }],
    },
  ];
  for (const [name, prefix] of [["tenants", prefixes.tenants], ["streams", prefixes.streams], ["assets", prefixes.assets], ["system", prefixes.system]] as const) {
    rules.push({ id: `${name}-versions`, prefix, noncurrentVersionExpiration: Duration.days(props.recordVersionDays ?? 30), noncurrentVersionsToRetain: 5 });
  }
  if (props.recordingRetentionDays !== undefined) {
    rules.push({ id: "recordings-expire", prefix: prefixes.media, tagFilters: { [RECORDING_TAG.key]: RECORDING_TAG.value }, expiration: Duration.days(props.recordingRetentionDays) });
  }
  return rules;
}
