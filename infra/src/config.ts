/**
 * The deployment configuration: one typed object read from CDK context (`-c key=value` or cdk.json),
 * validated once, with every problem reported together (CRAFT.md "Errors and configuration").
 */
import { z } from "zod";

/** Context keys this app reads; any other plain camelCase key is reported as a typo. */
export const CONTEXT_KEYS = [
  "env",
  "account",
  "region",
  "instanceType",
  "architecture",
  "domainName",
  "certificateArn",
  "alarmEmail",
  "minRelays",
  "maxRelays",
  "uploadOrigins",
  "recordingRetentionDays",
  "r2AccountId",
  "r2Bucket",
  "vodBackend",
] as const;

export type Architecture = "arm64" | "x86_64";

/** Graviton families carry a `g` after the generation digit: c7g, m7gd, c6gn, t4g. */
const GRAVITON_FAMILY = /^[a-z]+\d+g[a-z]*\.[a-z0-9]+$/;
const INSTANCE_TYPE = /^[a-z]+\d+[a-z-]*\.[a-z0-9]+$/;

const DEFAULT_INSTANCE_TYPE: Record<Architecture, string> = { arm64: "c7g.xlarge", x86_64: "c7i.xlarge" };

/** Context values arrive as strings from the CLI and as JSON values from cdk.json. */
const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter((s) => s.length > 0));

const schema = z
  .strictObject({
    env: z.string().regex(/^[a-z][a-z0-9-]{0,15}$/, "lower-case letters, digits and dashes, at most 16").default("dev"),
    account: z.string().regex(/^\d{12}$/, "a 12-digit AWS account id").optional(),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region such as eu-west-1").optional(),
    instanceType: z.string().regex(INSTANCE_TYPE, "an EC2 instance type such as c7g.xlarge").optional(),
    architecture: z.enum(["arm64", "x86_64"]).default("arm64"),
    domainName: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a lower-case DNS name").optional(),
    certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, "an ACM certificate ARN").optional(),
    alarmEmail: z.email().optional(),
    minRelays: integer(1, 100).default(2),
    maxRelays: integer(1, 500).default(6),
    uploadOrigins: list.default(["*"]),
    recordingRetentionDays: integer(1, 36500).optional(),
    r2AccountId: z.string().regex(/^[a-f0-9]{32}$/, "a Cloudflare account id (32 hex digits)").optional(),
    r2Bucket: z.string().regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, "an R2 bucket name").optional(),
    vodBackend: z.enum(["local", "mediaconvert"]).default("local"),
  })
  .superRefine((c, ctx) => {
    if (c.maxRelays < c.minRelays) ctx.addIssue({ code: "custom", path: ["maxRelays"], message: `must be at least minRelays (${c.minRelays})` });
    if (c.instanceType !== undefined) {
      const graviton = GRAVITON_FAMILY.test(c.instanceType);
      if (graviton !== (c.architecture === "arm64")) {
        ctx.addIssue({ code: "custom", path: ["instanceType"], message: `${c.instanceType} does not run ${c.architecture}` });
      }
    }
    if ((c.r2AccountId === undefined) !== (c.r2Bucket === undefined)) {
      ctx.addIssue({ code: "custom", path: ["r2Bucket"], message: "R2 mode needs both r2AccountId and r2Bucket" });
    }
    if (c.vodBackend === "mediaconvert" && c.r2Bucket !== undefined) {
      ctx.addIssue({ code: "custom", path: ["vodBackend"], message: "MediaConvert cannot write to R2; use the local backend in R2 mode" });
    }
    if (c.certificateArn !== undefined && c.domainName === undefined) {
      ctx.addIssue({ code: "custom", path: ["domainName"], message: "a certificate needs the domainName it was issued for" });
    }
  });

export interface R2Config {
  accountId: string;
  bucket: string;
  /** The R2 S3-API endpoint, https://<accountId>.r2.cloudflarestorage.com. */
  endpoint: string;
}

export interface TributaryConfig {
  /** Deployment name used in stack names and resource tags. */
  env: string;
  account: string | undefined;
  region: string | undefined;
  instanceType: string;
  architecture: Architecture;
  domainName: string | undefined;
  certificateArn: string | undefined;
  alarmEmail: string | undefined;
  minRelays: number;
  maxRelays: number;
  uploadOrigins: string[];
  recordingRetentionDays: number | undefined;
  r2: R2Config | undefined;
  /** Who transcodes VOD uploads on the relays: their local ffmpeg worker, or MediaConvert. */
  vodBackend: "local" | "mediaconvert";
}

/** Thrown with every problem in `problems`, one line each (`key: message`). */
export class ConfigError extends Error {
  readonly code = "config.invalid";
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid context:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** A context key that looks like ours (plain camelCase) but is not: CDK's own keys have `@`, `:` or `-`. */
function unknownKeys(context: Record<string, unknown>): string[] {
  const known: readonly string[] = CONTEXT_KEYS;
  return Object.keys(context).filter((k) => /^[a-z][A-Za-z0-9]*$/.test(k) && !known.includes(k));
}

/**
 * Validates context into a `TributaryConfig`.
 * @example parseConfig({ env: "prod", minRelays: "3" })
 */
export function parseConfig(context: Record<string, unknown>): TributaryConfig {
  const ours: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) if (context[key] !== undefined) ours[key] = context[key];
  const result = schema.safeParse(ours);
  const problems = unknownKeys(context).map((k) => `${k}: unknown context key (known: ${CONTEXT_KEYS.join(", ")})`);
  if (!result.success) problems.push(...result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  const c = result.data;
  return {
    env: c.env,
    account: c.account,
    region: c.region,
    instanceType: c.instanceType ?? DEFAULT_INSTANCE_TYPE[c.architecture],
    architecture: c.architecture,
    domainName: c.domainName,
    certificateArn: c.certificateArn,
    alarmEmail: c.alarmEmail,
    minRelays: c.minRelays,
    maxRelays: c.maxRelays,
    uploadOrigins: c.uploadOrigins,
    recordingRetentionDays: c.recordingRetentionDays,
    r2: c.r2AccountId !== undefined && c.r2Bucket !== undefined ? { accountId: c.r2AccountId, bucket: c.r2Bucket, endpoint: `https://${c.r2AccountId}.r2.cloudflarestorage.com` } : undefined,
    vodBackend: c.vodBackend,
  };
}
