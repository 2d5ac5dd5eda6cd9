/**
 * Object key prefixes of the storage layout (ARCHITECTURE.md "Storage layout"; core/src/storage/keys.ts
 * builds the full keys). IAM policies and lifecycle rules are written against these, so a prefix that
 * moves moves here once.
 */
export const prefixes = {
  tenants: "tenants/",
  /** API key index objects (`api-keys/<keyId>.json` → tenant). */
  apiKeys: "api-keys/",
  streams: "streams/",
  live: "live/",
  media: "media/",
  assets: "assets/",
  /** Media records (`media-records/<mediaId>.json` → tenant, stream): every publish registers one. */
  mediaRecords: "media-records/",
  /** Webhook endpoints and the delivery queue the relay's dispatcher works through. */
  webhooks: "webhooks/",
  usage: "usage/",
  relayUsage: "usage/relay/",
  edgeUsage: "usage/edge/",
  system: "system/",
  /** Scratch space (multipart staging, in-progress uploads): expires within a day. */
  temp: "temp/",
} as const;

export type Prefix = (typeof prefixes)[keyof typeof prefixes];

/** Object tag the relay sets on recording segments so the optional recording expiry targets only them. */
export const RECORDING_TAG = { key: "tributary:kind", value: "recording" } as const;

/** CloudWatch namespace the relay publishes its own metrics to (see docs/deploy.md "Metrics"). */
export const RELAY_METRIC_NAMESPACE = "Tributary/Relay";

/**
 * Bucket names, derived from the deployment name, account and region so every stack can address the
 * buckets without cross-stack exports (which would pin the storage stack to its consumers and make
 * IAM findings depend on export names).
 */
export function bucketNames(env: string, account: string, region: string): { media: string; logs: string } {
  return { media: `tributary-${env}-media-${account}-${region}`, logs: `tributary-${env}-logs-${account}-${region}` };
}
