/**
 * The platform's configuration: one typed object with defaults, validated once at start-up.
 * Every problem is reported together and unknown keys are refused (a typo must not be ignored).
 */
import { z } from "zod";
import { priceBookSchema } from "../billing/price-book.ts";
import { RELAY_PORTS } from "../platform/layout.ts";

const port = z.number().int().min(0).max(65535);
const host = z.string().min(1).max(253);

/** A Secrets Manager secret ARN; the region in it is where the secret is read from. */
const secretArn = z.string().regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/, "a Secrets Manager secret ARN");

const fsStorage = z.object({ kind: z.literal("fs"), root: z.string().min(1) }).strict();
const s3Storage = z
  .object({
    kind: z.literal("s3"),
    bucket: z.string().min(3).max(63),
    region: z.string().min(1).default("us-east-1"),
    endpoint: z.url().optional(),
    forcePathStyle: z.boolean().default(false),
    prefix: z.string().regex(/^([A-Za-z0-9_.-]+\/)*$/).default(""),
    /** Secrets Manager secret holding `{accessKeyId, secretAccessKey}` (R2 mode); the SDK's default chain when absent. */
    credentialsSecretArn: secretArn.optional(),
    /** Attempts per request including the first; the adapter's default (5) when absent. */
    maxAttempts: z.number().int().min(1).max(20).optional(),
    /** Milliseconds to connect, and a socket may sit idle, before an attempt is retried (3 s and 10 s when absent). */
    connectionTimeoutMs: z.number().int().min(100).max(120_000).optional(),
    socketTimeoutMs: z.number().int().min(100).max(600_000).optional(),
  })
  .strict();

export const configSchema = z
  .object({
    /** Which parts this process runs: everything, only the ingest relay, or only the edge. */
    role: z.enum(["all", "relay", "edge"]).default("all"),
    dataDir: z.string().min(1).default(".data"),
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Secrets Manager secret holding the platform's bootstrap secrets (`{adminKey}`), read at start-up. */
    secretsArn: secretArn.optional(),
    storage: z.discriminatedUnion("kind", [fsStorage, s3Storage]).optional(),
    edge: z
      .object({
        host: host.default("127.0.0.1"),
        port: port.default(8787),
        /** Base URL viewers use; defaults to http://<host>:<port>. */
        publicUrl: z.url().optional(),
        /** The Node edge's in-memory media cache, MiB: one relay fetch per object serves every viewer that asks soon after. */
        cacheMegabytes: z.number().int().min(1).max(65_536).default(64),
      })
      .strict()
      .prefault({}),
    relay: z
      .object({
        host: host.default("127.0.0.1"),
        /** Host name publishers and the edge use to reach this relay. */
        publicHost: host.default("127.0.0.1"),
        rtmpPort: port.default(RELAY_PORTS.rtmp),
        rtmpsPort: port.default(RELAY_PORTS.rtmps),
        srtPort: port.default(RELAY_PORTS.srt),
        httpPort: port.default(RELAY_PORTS.origin),
        tlsCertFile: z.string().optional(),
        tlsKeyFile: z.string().optional(),
        /** Publish the relay's metrics to CloudWatch in this region (set on AWS); absent: Prometheus only. */
        cloudWatchRegion: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region such as eu-west-1").optional(),
      })
      .strict()
      .prefault({}),
    webhooks: z
      .object({
        /**
         * Deliver to loopback, private and link-local targets (tests, local development). Off by default,
         * so a tenant's endpoint cannot reach this host, its network or the cloud metadata service.
         */
        allowPrivateTargets: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    usage: z
      .object({
        /**
         * The batch window, seconds: buffered usage records are written at least this often, so a crash
         * loses at most this much metering (docs/usage.md). Divides an hour, so batches never straddle one.
         */
        batchWindowSeconds: z.number().int().min(1).max(3_600).refine((s) => 3_600 % s === 0, "must divide an hour").default(60),
        /** Seconds the relay's ingest, transcode and record intervals last; divides an hour. */
        meterIntervalSeconds: z.number().int().min(1).max(3_600).refine((s) => 3_600 % s === 0, "must divide an hour").default(60),
        /** UTC hour of the day the relay takes the storage inventory. */
        inventoryHourUtc: z.number().int().min(0).max(23).default(0),
      })
      .strict()
      .prefault({}),
    drm: z
      .object({
        /** The content-key master secret (32+ characters), for local runs; see core/src/drm/master-key.ts. */
        masterKey: z.string().min(32).optional(),
        /** Secrets Manager secret holding `{masterKey}` (AWS); wins over `masterKey`. */
        masterKeySecretArn: secretArn.optional(),
      })
      .strict()
      .prefault({}),
    ffmpeg: z.object({ path: z.string().default("ffmpeg"), ffprobePath: z.string().default("ffprobe") }).strict().prefault({}),
    billing: z
      .object({
        /** Prices for tenants without a price book of their own, in micro-units (core/src/billing/price-book.ts). */
        prices: priceBookSchema.prefault({}),
        /** DuckDB's memory limit for usage queries on Node; larger aggregations spill to `<dataDir>/usage-engine/spill`. */
        queryMemoryLimit: z.string().regex(/^\d+(MB|GB)$/, "a size such as 512MB").default("512MB"),
      })
      .strict()
      .prefault({}),
    /**
     * Usage and invoice queries on Amazon Athena instead of the embedded DuckDB (docs/usage-at-scale.md):
     * the storage stack's `UsageWorkGroup` and `UsageDatabase` outputs, and their region.
     */
    athena: z
      .object({
        region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region such as eu-west-1"),
        workGroup: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, "an Athena workgroup name"),
        database: z.string().regex(/^[a-z0-9_]{1,255}$/, "a Glue database name (lower case, digits, underscores)"),
      })
      .strict()
      .optional(),
    vod: z
      .object({
        /** Transcodes run at once by this machine's worker; half the cores when absent. */
        concurrency: z.number().int().min(1).max(64).optional(),
        /** A transcode running longer than this is stopped and its asset errored. */
        jobTimeoutSeconds: z.number().int().min(10).max(7 * 86_400).default(6 * 3600),
        /** Seconds a dead worker's job waits before another worker takes it. */
        leaseSeconds: z.number().int().min(2).max(3600).default(60),
        /** Ingest from loopback, private and link-local URLs (tests, local development); off by default. */
        allowPrivateSources: z.boolean().default(false),
        /** Caps for uploads that name none. */
        maxSizeBytes: z.number().int().positive().default(20 * 1024 ** 3),
        maxDurationSeconds: z.number().positive().default(6 * 3600),
        /** How long an upload URL stays usable. */
        uploadExpiresInSeconds: z.number().int().min(60).max(7 * 86_400).default(24 * 3600),
        /** Who transcodes: the local ffmpeg worker (default), or AWS Elemental MediaConvert (`vod.mediaConvert`, S3 storage). */
        backend: z.enum(["local", "mediaconvert"]).default("local"),
        /** The Transcode stack's outputs, for `backend: "mediaconvert"`. */
        mediaConvert: z
          .object({
            region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region such as eu-west-1"),
            /** `MediaConvertJobTemplate`: the CMAF ladder template's name. */
            jobTemplate: z.string().regex(/^[A-Za-z0-9 _.-]{1,80}$/, "a MediaConvert job template name"),
            /** `MediaConvertRoleArn`: the role jobs run as. */
            roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "an IAM role ARN"),
            /** `MediaConvertQueueArn`; the template's queue when absent. */
            queueArn: z.string().regex(/^arn:aws[a-z-]*:mediaconvert:[a-z0-9-]+:\d{12}:queues\/.+$/, "a MediaConvert queue ARN").optional(),
            /** The account's MediaConvert endpoint, when not the regional default. */
            endpoint: z.url().optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .refine((vod) => vod.backend !== "mediaconvert" || vod.mediaConvert !== undefined, { message: "vod.backend mediaconvert needs vod.mediaConvert (region, jobTemplate, roleArn)", path: ["mediaConvert"] })
      .prefault({}),
  })
  .strict();

export type TributaryConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type StorageConfig = NonNullable<TributaryConfig["storage"]>;
