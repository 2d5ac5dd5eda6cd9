/**
 * Turns `cdk deploy --outputs-file` output into what the edge Worker needs: plain vars
 * (`wrangler deploy --var`) and secrets (`wrangler secret put`), the latter as references to
 * Secrets Manager fields so no secret value passes through the outputs file.
 */

/** `cdk deploy --outputs-file`: stack name → output key → value. */
export type StackOutputs = Record<string, Record<string, string>>;

export interface SecretReference {
  /** Worker secret name. */
  name: string;
  secretArn: string;
  /** JSON field of the secret's value. */
  field: string;
}

export interface EdgeConfig {
  vars: Record<string, string>;
  secrets: SecretReference[];
}

export class MissingOutputError extends Error {
  readonly code = "deploy.missing_output";
  constructor(keys: string[]) {
    super(`stack outputs lack ${keys.join(", ")}: did every stack deploy?`);
    this.name = "MissingOutputError";
  }
}

/** Output keys across the stacks of one deployment (keys are unique across Tributary's stacks). */
function flatten(outputs: StackOutputs, stackPrefix: string): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [stack, values] of Object.entries(outputs)) if (stack.startsWith(stackPrefix)) Object.assign(flat, values);
  return flat;
}

/**
 * @example edgeConfigFromOutputs(JSON.parse(readFileSync("cdk.out/outputs.json", "utf8")), "prod")
 */
export function edgeConfigFromOutputs(outputs: StackOutputs, env: string): EdgeConfig {
  const o = flatten(outputs, `Tributary-${env}-`);
  const r2 = o["R2Bucket"] !== undefined;
  const required = ["Region", "MediaBucketName", "RelayOriginUrl", "IngestHost", "IngestRtmpUrl", "IngestRtmpsUrl", "IngestSrtUrl", "AdminKeySecretArn", "SigningSecretArn", "EdgeCredentialsSecretArn"];
  if (r2) required.push("R2Endpoint", "R2CredentialsSecretArn");
  const missing = required.filter((k) => o[k] === undefined);
  if (missing.length > 0) throw new MissingOutputError(missing);
  const get = (key: string): string => o[key] ?? "";

  const vars: Record<string, string> = {
    TRIBUTARY_STORAGE: "s3",
    TRIBUTARY_S3_BUCKET: r2 ? get("R2Bucket") : get("MediaBucketName"),
    TRIBUTARY_S3_REGION: r2 ? "auto" : get("Region"),
    ...(r2 ? { TRIBUTARY_S3_ENDPOINT: get("R2Endpoint") } : {}),
    TRIBUTARY_RELAY_ORIGIN: get("RelayOriginUrl"),
    TRIBUTARY_INGEST_HOST: get("IngestHost"),
    TRIBUTARY_INGEST_RTMP_URL: get("IngestRtmpUrl"),
    TRIBUTARY_INGEST_RTMPS_URL: get("IngestRtmpsUrl"),
    TRIBUTARY_INGEST_SRT_URL: get("IngestSrtUrl"),
  };
  const credentials = r2 ? get("R2CredentialsSecretArn") : get("EdgeCredentialsSecretArn");
  const secrets: SecretReference[] = [
    { name: "TRIBUTARY_ADMIN_KEY", secretArn: get("AdminKeySecretArn"), field: "adminKey" },
    { name: "TRIBUTARY_SIGNING_SECRET", secretArn: get("SigningSecretArn"), field: "signingSecret" },
    { name: "TRIBUTARY_S3_ACCESS_KEY_ID", secretArn: credentials, field: "accessKeyId" },
    { name: "TRIBUTARY_S3_SECRET_ACCESS_KEY", secretArn: credentials, field: "secretAccessKey" },
  ];
  return { vars, secrets };
}

/** `wrangler deploy` arguments for the vars (`--var KEY:VALUE`, wrangler's syntax). */
export function wranglerVarArgs(vars: Record<string, string>): string[] {
  return Object.entries(vars).flatMap(([key, value]) => ["--var", `${key}:${value}`]);
}
