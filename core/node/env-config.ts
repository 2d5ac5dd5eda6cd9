/**
 * The only module that reads environment variables. `TRIBUTARY_*` variables map onto the config
 * object; an unknown `TRIBUTARY_*` variable is an error, like an unknown key.
 */
import { homedir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../src/config/parse.ts";
import type { TributaryConfig } from "../src/config/schema.ts";
import { TributaryError } from "../src/errors.ts";

type Setter = (target: Record<string, Record<string, unknown>>, value: string) => void;

const num = (value: string) => (/^\d+$/.test(value) ? Number(value) : value);
const bool = (value: string) => (value === "true" || value === "1" ? true : value === "false" || value === "0" ? false : value);
/** A JSON value, or the text as given when it is not JSON (the schema then says what is wrong). */
const json = (value: string): unknown => {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};
const into = (section: string, key: string, convert: (v: string) => unknown = (v) => v): Setter => (target, value) => {
  target[section] = { ...(target[section] ?? {}), [key]: convert(value) };
};
/** A key one level further down, such as `vod.mediaConvert.region`. */
const nested = (section: string, group: string, key: string): Setter => (target, value) => {
  const outer = target[section] ?? {};
  target[section] = { ...outer, [group]: { ...((outer[group] as Record<string, unknown> | undefined) ?? {}), [key]: value } };
};
const top = (key: string): Setter => (target, value) => {
  (target as Record<string, unknown>)[key] = value;
};

const VARIABLES: Record<string, Setter> = {
  TRIBUTARY_ROLE: top("role"),
  TRIBUTARY_DATA_DIR: top("dataDir"),
  TRIBUTARY_LOG_LEVEL: top("logLevel"),
  TRIBUTARY_STORAGE: into("storage", "kind"),
  TRIBUTARY_FS_ROOT: into("storage", "root"),
  TRIBUTARY_S3_BUCKET: into("storage", "bucket"),
  TRIBUTARY_S3_REGION: into("storage", "region"),
  TRIBUTARY_S3_ENDPOINT: into("storage", "endpoint"),
  TRIBUTARY_S3_FORCE_PATH_STYLE: into("storage", "forcePathStyle", bool),
  TRIBUTARY_S3_PREFIX: into("storage", "prefix"),
  TRIBUTARY_S3_CREDENTIALS_SECRET_ARN: into("storage", "credentialsSecretArn"),
  TRIBUTARY_SECRETS_ARN: top("secretsArn"),
  TRIBUTARY_EDGE_HOST: into("edge", "host"),
  TRIBUTARY_EDGE_PORT: into("edge", "port", num),
  TRIBUTARY_EDGE_PUBLIC_URL: into("edge", "publicUrl"),
  TRIBUTARY_RELAY_HOST: into("relay", "host"),
  TRIBUTARY_PUBLIC_HOST: into("relay", "publicHost"),
  TRIBUTARY_RTMP_PORT: into("relay", "rtmpPort", num),
  TRIBUTARY_RTMPS_PORT: into("relay", "rtmpsPort", num),
  TRIBUTARY_SRT_PORT: into("relay", "srtPort", num),
  TRIBUTARY_RELAY_HTTP_PORT: into("relay", "httpPort", num),
  TRIBUTARY_TLS_CERT_FILE: into("relay", "tlsCertFile"),
  TRIBUTARY_CLOUDWATCH_REGION: into("relay", "cloudWatchRegion"),
  TRIBUTARY_TLS_KEY_FILE: into("relay", "tlsKeyFile"),
  TRIBUTARY_WEBHOOKS_ALLOW_PRIVATE_TARGETS: into("webhooks", "allowPrivateTargets", bool),
  TRIBUTARY_USAGE_BATCH_WINDOW_SECONDS: into("usage", "batchWindowSeconds", num),
  TRIBUTARY_USAGE_METER_INTERVAL_SECONDS: into("usage", "meterIntervalSeconds", num),
  TRIBUTARY_USAGE_INVENTORY_HOUR_UTC: into("usage", "inventoryHourUtc", num),
  TRIBUTARY_BILLING_PRICES: into("billing", "prices", json),
  TRIBUTARY_BILLING_QUERY_MEMORY_LIMIT: into("billing", "queryMemoryLimit"),
  TRIBUTARY_DRM_MASTER_KEY: into("drm", "masterKey"),
  TRIBUTARY_DRM_MASTER_KEY_SECRET_ARN: into("drm", "masterKeySecretArn"),
  TRIBUTARY_ATHENA_REGION: into("athena", "region"),
  TRIBUTARY_ATHENA_WORKGROUP: into("athena", "workGroup"),
  TRIBUTARY_ATHENA_DATABASE: into("athena", "database"),
  TRIBUTARY_VOD_CONCURRENCY: into("vod", "concurrency", num),
  TRIBUTARY_VOD_JOB_TIMEOUT_SECONDS: into("vod", "jobTimeoutSeconds", num),
  TRIBUTARY_VOD_ALLOW_PRIVATE_SOURCES: into("vod", "allowPrivateSources", bool),
  TRIBUTARY_VOD_MAX_SIZE_BYTES: into("vod", "maxSizeBytes", num),
  TRIBUTARY_VOD_MAX_DURATION_SECONDS: into("vod", "maxDurationSeconds", num),
  TRIBUTARY_VOD_BACKEND: into("vod", "backend"),
  TRIBUTARY_MEDIACONVERT_REGION: nested("vod", "mediaConvert", "region"),
  TRIBUTARY_MEDIACONVERT_JOB_TEMPLATE: nested("vod", "mediaConvert", "jobTemplate"),
  TRIBUTARY_MEDIACONVERT_ROLE_ARN: nested("vod", "mediaConvert", "roleArn"),
  TRIBUTARY_MEDIACONVERT_QUEUE_ARN: nested("vod", "mediaConvert", "queueArn"),
  TRIBUTARY_MEDIACONVERT_ENDPOINT: nested("vod", "mediaConvert", "endpoint"),
  TRIBUTARY_FFMPEG: into("ffmpeg", "path"),
  TRIBUTARY_FFPROBE: into("ffmpeg", "ffprobePath"),
};

/** Builds the config from `env` (default: the process environment) merged over `base`. */
export function configFromEnv(env: Record<string, string | undefined> = process.env, base: Record<string, unknown> = {}): TributaryConfig {
  const raw: Record<string, Record<string, unknown>> = structuredClone(base) as Record<string, Record<string, unknown>>;
  const unknown: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith("TRIBUTARY_") || value === undefined || CLI_VARIABLES.has(name)) continue;
    const setter = VARIABLES[name];
    if (setter) setter(raw, value);
    else unknown.push(name);
  }
  if (unknown.length > 0) {
    throw new TributaryError("config.invalid", `unknown environment variables: ${unknown.join(", ")} (known: ${Object.keys(VARIABLES).join(", ")})`);
  }
  return parseConfig(raw);
}

/** Read by `cliEnv` only; the server ignores them. */
const CLI_VARIABLES = new Set(["TRIBUTARY_API_URL", "TRIBUTARY_API_KEY", "TRIBUTARY_STATE_DIR"]);

/**
 * What the `tributary` CLI needs: the API base URL and a key, from `TRIBUTARY_API_URL` and
 * `TRIBUTARY_API_KEY`, and where it remembers uploads to resume (`TRIBUTARY_STATE_DIR`, default `~/.tributary`).
 */
export function cliEnv(env: Record<string, string | undefined> = process.env): { apiUrl: string; apiKey: string | undefined; stateDir: string } {
  return { apiUrl: env["TRIBUTARY_API_URL"] ?? "http://127.0.0.1:8787/api/v1", apiKey: env["TRIBUTARY_API_KEY"], stateDir: env["TRIBUTARY_STATE_DIR"] ?? join(homedir(), ".tributary") };
}
