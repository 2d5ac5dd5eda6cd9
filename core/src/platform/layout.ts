/**
 * The platform contract, declared once: every storage prefix with who on AWS reads and writes it and
 * how long its objects live, the object tags lifecycle rules select on, the relay's ports and the
 * metrics it publishes. Pure data. The app builds keys from it (../storage/keys.ts) and infra reads it
 * at synth time to generate IAM statements and lifecycle rules, so the two cannot drift apart.
 */

/** The principals that touch the bucket on AWS. The Workers edge in R2 mode uses its binding and needs no entry. */
export type StorageRole = "relay" | "edge" | "mediaConvert" | "jobEvents";

/** `list` is ListBucket limited to the prefix; `tag` is PutObjectTagging, which tagged puts need. */
export type ObjectAccess = "read" | "write" | "delete" | "tag" | "list";

/**
 * How a prefix's objects age in a versioned bucket. `records` keep their last versions for a while
 * (undo of a bad write), `media` and `scratch` drop replaced versions after a day, `scratch` also
 * expires current objects after a day, and `logs` move to infrequent access.
 */
export type Retention = "records" | "media" | "scratch" | "logs";

export interface PrefixRule {
  readonly prefix: string;
  /** What lives here, for the reader and for generated descriptions. */
  readonly holds: string;
  readonly access: Readonly<Partial<Record<StorageRole, readonly ObjectAccess[]>>>;
  /** Absent for prefixes inside another one, which inherit the outer prefix's rules. */
  readonly retention?: Retention;
}

/** Object tags the platform sets; lifecycle rules select on them. */
export const OBJECT_TAGS = {
  /** Every object of a recorded package, so an optional recording expiry removes recordings only. */
  recording: { key: "tributary:kind", value: "recording" },
} as const;

/** The tags a recorded package's objects are written with. */
export const RECORDING_TAGS: Readonly<Record<string, string>> = { [OBJECT_TAGS.recording.key]: OBJECT_TAGS.recording.value };

export const layout = {
  tenants: { prefix: "tenants/", holds: "tenant records and their per-tenant index markers", retention: "records", access: { relay: ["read", "write"], edge: ["read", "list"] } },
  apiKeys: { prefix: "api-keys/", holds: "API key id → tenant, so a presented key is found without a scan", retention: "records", access: { relay: ["read", "write"] } },
  streams: { prefix: "streams/", holds: "stream records", retention: "records", access: { relay: ["read"], edge: ["read", "list"] } },
  live: { prefix: "live/", holds: "per-broadcast pointers to the relay that holds a stream, and ingest health", retention: "media", access: { relay: ["read", "write", "delete", "list"], edge: ["read", "list"] } },
  media: {
    prefix: "media/",
    holds: "packaged media: headers, segments, playlists, MPDs, thumbnails, caption tracks (WebVTT segments and playlists)",
    retention: "media",
    access: { relay: ["read", "write", "delete", "tag", "list"], edge: ["read", "list"], mediaConvert: ["read", "write", "list"] },
  },
  assets: { prefix: "assets/", holds: "asset records (recordings and VOD), upload records and the transcode job queue", retention: "records", access: { relay: ["read", "write", "delete", "list"], edge: ["read", "list"], mediaConvert: ["read", "list"], jobEvents: ["read", "write"] } },
  mediaRecords: { prefix: "media-records/", holds: "media id → tenant and stream; every publish registers one", retention: "records", access: { relay: ["read", "write"], edge: ["read", "list"] } },
  webhooks: { prefix: "webhooks/", holds: "webhook endpoints and their delivery records (every attempt)", retention: "records", access: { relay: ["read", "write", "delete", "list"] } },
  webhookOutbox: {
    prefix: "webhook-outbox/",
    holds: "the webhook outbox: events not yet fanned out to endpoints, and unfinished deliveries with their due times and worker leases",
    // Entries are rewritten on every claim and deleted when done: replaced versions need not outlive a day.
    retention: "media",
    access: { relay: ["read", "write", "delete", "list"] },
  },
  webhookOutboxEvents: { prefix: "webhook-outbox/events/", holds: "webhook events waiting to be fanned out; the MediaConvert recorder adds asset events here", access: { jobEvents: ["write"] } },
  idempotency: { prefix: "idempotency/", holds: "Idempotency-Key replays of API writes", retention: "records", access: {} },
  priceBooks: { prefix: "price-books/", holds: "per-tenant price books billing prices usage with (config defaults when absent)", retention: "records", access: { edge: ["read"] } },
  contentKeys: {
    prefix: "content-keys/",
    holds: "content keys per media and key period, sealed under the master key (AES-256-GCM); never served",
    retention: "records",
    access: { relay: ["read", "write", "delete"], edge: ["read"] },
  },
  system: { prefix: "system/", holds: "the playback keyring and its public JWKS", retention: "records", access: { relay: ["read", "write"], edge: ["read", "list"] } },
  usage: { prefix: "usage/", holds: "usage logs, NDJSON by hour", retention: "logs", access: { relay: ["read", "list"] } },
  usageCompacted: {
    prefix: "usage-compacted/",
    holds: "closed usage hours as Parquet, one object per source and hour, with a marker naming the raw objects each holds",
    retention: "logs",
    // The relay runs the compaction job (read usage/, write here) and the usage queries (Athena reads with its credentials).
    access: { relay: ["read", "write", "list"] },
  },
  relayUsage: { prefix: "usage/relay/", holds: "the relay's usage records", access: { relay: ["write"] } },
  edgeUsage: { prefix: "usage/edge/", holds: "the edge's usage records", access: {} },
  vodUsage: { prefix: "usage/vod/", holds: "encoded seconds of VOD jobs (the local worker on the relay, and the MediaConvert recorder)", access: { relay: ["write"], jobEvents: ["write"] } },
  inventoryUsage: { prefix: "usage/inventory/", holds: "the daily storage inventory the relay takes", access: { relay: ["write"] } },
  temp: { prefix: "temp/", holds: "scratch space (multipart staging, uploads in progress)", retention: "scratch", access: { relay: ["read", "write", "delete"] } },
} as const satisfies Record<string, PrefixRule>;

export type LayoutName = keyof typeof layout;

/** The relay's listening ports: config defaults, the Workers API's ingest URLs and the load balancer agree on these. */
export const RELAY_PORTS = { rtmp: 1935, rtmps: 1936, srt: 9000, origin: 8080 } as const;

/**
 * The live pointer (`live/<streamId>/origin.json`) is the relay's claim on a broadcast. The relay
 * rewrites it every `heartbeatMs` while the broadcast lasts; a pointer not rewritten for
 * `staleAfterMs` (three missed heartbeats and some slack) belongs to a relay that died, and readers
 * treat it as ended.
 */
export const LIVE_POINTER = { heartbeatMs: 10_000, staleAfterMs: 35_000 } as const;

/** The metrics the relay publishes to CloudWatch (no dimensions), which alarms and the dashboard watch. */
export const RELAY_METRICS = {
  namespace: "Tributary/Relay",
  /** Gauge: broadcasts with a connected publisher. */
  activePublishes: "ActivePublishes",
  /** Count: requests the live origin answered. */
  originRequests: "OriginRequests",
  /** Count: media or record writes that failed. */
  storageWriteErrors: "StorageWriteErrors",
  /** Count: ffmpeg processes restarted after they died. */
  transcoderRestarts: "TranscoderRestarts",
} as const;
