/**
 * Turns `cdk deploy --outputs-file` output into the edge Worker's deployment: a wrangler configuration
 * (the JSON form of edge/wrangler.toml) carrying exactly the bindings edge/src/runtime/workers.ts reads,
 * and the Worker secrets as references to Secrets Manager fields, so no secret value passes through the
 * outputs file or the generated config.
 *
 * - R2 mode: the R2 bucket of record bound as `MEDIA`; no secrets.
 * - S3 mode: the media bucket over its S3 API: vars `S3_ENDPOINT`, `S3_BUCKET`, `S3_REGION`, secrets
 *   `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY` from the edge's read-only IAM user.
 * Both: `LIVE_ROUTING=on` (the relay to fetch from is in each stream's live pointer in storage, so no
 * relay address is configured) and `EDGE_CACHE=on`. Verification keys come from storage
 * (`system/playback-jwks.json`); `PLAYBACK_JWKS` is an optional manual override, never set here.
 * R2 mode also serves the broadcaster API and dashboard, whose records the binding writes: vars
 * `INGEST_HOST`, `RTMP_PORT`, `RTMPS_PORT`, `SRT_PORT` from the relay stack's ingest outputs. `PUBLIC_URL`
 * is not set: the Worker bases playback URLs on the host it is reached at. S3 mode stays playback-only,
 * because its IAM user may only read (infra/src/constructs/storage/edge-access.ts).
 * Every deployment also carries the build step and the `ASSETS` binding that serve the pages' scripts
 * and player libraries (edge/scripts/build-assets.ts, edge/src/runtime/workers-assets.ts), and the
 * `API_RATE_LIMIT` rate-limiting binding, in a namespace of its own per environment.
 */
import { API_RATE_LIMIT } from "../../edge/src/runtime/workers-rate-limit.ts";

/** `cdk deploy --outputs-file`: stack name → output key → value. */
export type StackOutputs = Record<string, Record<string, string>>;

export interface SecretReference {
  /** Worker secret name. */
  name: string;
  secretArn: string;
  /** JSON field of the secret's value. */
  field: string;
}

/** The subset of wrangler's configuration (`wrangler.json`) a Tributary edge deployment uses. */
export interface WranglerConfig {
  name: string;
  main: string;
  compatibility_date: string;
  logpush: boolean;
  observability: { enabled: boolean };
  vars: Record<string, string>;
  r2_buckets?: { binding: "MEDIA"; bucket_name: string }[];
  /** Run by wrangler from where it is started (the repository root) before bundling. */
  build: { command: string };
  assets: { directory: string; binding: "ASSETS"; run_worker_first: true };
  /** The API's rate limit (edge/src/runtime/workers-rate-limit.ts). */
  ratelimits: { name: "API_RATE_LIMIT"; namespace_id: string; simple: { limit: number; period: number } }[];
}

export interface EdgeConfig {
  wrangler: WranglerConfig;
  secrets: SecretReference[];
}

/** What every deployment shares with edge/wrangler.toml (a test keeps the two in step). */
export const WORKER_BASE = {
  name: "tributary-edge",
  main: "src/runtime/workers.ts",
  compatibility_date: "2026-04-01",
  build: { command: "node edge/scripts/build-assets.ts" },
  /** Relative to edge/, as edge/wrangler.toml names it. */
  assetsDirectory: "dist/assets",
  /** Rate-limit namespaces are per account: each environment counts in its own (1001 is edge/wrangler.toml's). */
  rateLimitNamespace: (env: string) => String(1002 + ([...env].reduce((hash, c) => (hash * 31 + c.charCodeAt(0)) % 1_000_000, 7) % 1_000_000)),
} as const;

/** Where the generated config finds the Worker entry and the built assets (wrangler resolves both relative to the config's own directory). */
export interface EdgePaths {
  main: string;
  assets: string;
}

export class MissingOutputError extends Error {
  readonly code = "deploy.missing_output";
  constructor(keys: string[]) {
    super(`stack outputs lack ${keys.join(", ")}: did every stack deploy?`);
    this.name = "MissingOutputError";
  }
}

/** The relay stack's outputs the API's ingest settings come from (infra/src/stacks/relay-fleet-stack.ts). */
const INGEST_OUTPUTS = ["IngestHost", "IngestRtmpUrl", "IngestRtmpsUrl", "IngestSrtUrl"] as const;

/** The explicit port of an ingest URL output (`rtmps://host:443/live` → `"443"`); these schemes have no default port. */
function urlPort(output: string, value: string): string {
  const port = URL.canParse(value) ? new URL(value).port : "";
  if (port === "") throw new TypeError(`stack output ${output} (${value}) names no port`);
  return port;
}

/** Output keys across the stacks of one deployment (keys are unique across Tributary's stacks). */
function flatten(outputs: StackOutputs, stackPrefix: string): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [stack, values] of Object.entries(outputs)) if (stack.startsWith(stackPrefix)) Object.assign(flat, values);
  return flat;
}

/**
 * `paths` are the Worker entry and assets directory as the generated config file sees them.
 * @example edgeConfigFromOutputs(JSON.parse(readFileSync("cdk.out/outputs.json", "utf8")), "prod", { main: "../edge/src/runtime/workers.ts", assets: "../edge/dist/assets" })
 */
export function edgeConfigFromOutputs(outputs: StackOutputs, env: string, paths: EdgePaths): EdgeConfig {
  const o = flatten(outputs, `Tributary-${env}-`);
  const r2 = o["R2Bucket"] !== undefined;
  const required = r2 ? ["R2Bucket", ...INGEST_OUTPUTS] : ["Region", "MediaBucketName", "EdgeCredentialsSecretArn"];
  const missing = required.filter((k) => o[k] === undefined);
  if (missing.length > 0) throw new MissingOutputError(missing);
  const get = (key: string): string => o[key] ?? "";
  // Key delivery at /k/: the edge opens the content keys the relays seal, under the same master.
  const master = o["ContentKeyMasterSecretArn"];
  const masterSecret = master === undefined ? [] : [{ name: "CONTENT_KEY_MASTER", secretArn: master, field: "masterKey" }];

  const base: WranglerConfig = {
    name: `${WORKER_BASE.name}-${env}`,
    main: paths.main,
    compatibility_date: WORKER_BASE.compatibility_date,
    logpush: true,
    observability: { enabled: true },
    vars: { LIVE_ROUTING: "on", EDGE_CACHE: "on" },
    build: { command: WORKER_BASE.build.command },
    assets: { directory: paths.assets, binding: "ASSETS", run_worker_first: true },
    ratelimits: [{ name: "API_RATE_LIMIT", namespace_id: WORKER_BASE.rateLimitNamespace(env), simple: { limit: API_RATE_LIMIT.limit, period: API_RATE_LIMIT.periodSeconds } }],
  };
  if (r2) {
    const api = {
      INGEST_HOST: get("IngestHost"),
      RTMP_PORT: urlPort("IngestRtmpUrl", get("IngestRtmpUrl")),
      RTMPS_PORT: urlPort("IngestRtmpsUrl", get("IngestRtmpsUrl")),
      SRT_PORT: urlPort("IngestSrtUrl", get("IngestSrtUrl")),
    };
    return { wrangler: { ...base, vars: { ...base.vars, ...api }, r2_buckets: [{ binding: "MEDIA", bucket_name: get("R2Bucket") }] }, secrets: masterSecret };
  }

  const region = get("Region");
  const credentials = get("EdgeCredentialsSecretArn");
  return {
    wrangler: { ...base, vars: { ...base.vars, S3_ENDPOINT: `https://s3.${region}.amazonaws.com`, S3_BUCKET: get("MediaBucketName"), S3_REGION: region } },
    secrets: [
      { name: "S3_ACCESS_KEY_ID", secretArn: credentials, field: "accessKeyId" },
      { name: "S3_SECRET_ACCESS_KEY", secretArn: credentials, field: "secretAccessKey" },
      ...masterSecret,
    ],
  };
}
