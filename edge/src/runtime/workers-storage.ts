/**
 * The Workers edge's storage, from its bindings: the R2 bucket bound as `MEDIA` (R2 mode), or else the
 * bucket's S3 API over aws4fetch (`S3_ENDPOINT`, `S3_BUCKET`, `S3_REGION`, optional `S3_PREFIX`, and the
 * secrets `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`). Both are whole `ObjectStore`s: the broadcaster
 * API writes records through them. What the edge may do is the credential's business: the R2 binding
 * writes, the S3-mode IAM user of the CDK deployment only reads (infra/src/constructs/storage/edge-access.ts).
 */
import type { ObjectStore } from "#core/storage/object-store.ts";
import { R2ObjectStore, type R2BucketLike } from "../storage/r2-object-store.ts";
import { S3HttpObjectStore } from "../storage/s3-http-object-store.ts";

export interface WorkersStorageEnv {
  MEDIA?: R2BucketLike;
  S3_ENDPOINT?: string;
  S3_BUCKET?: string;
  S3_REGION?: string;
  S3_PREFIX?: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
}

const S3_REQUIRED = ["S3_ENDPOINT", "S3_BUCKET", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const;

/** The store the edge reads records, live pointers, public keys and media from, and the API writes records to. */
export function workersStore(env: WorkersStorageEnv): ObjectStore {
  if (env.MEDIA !== undefined) return new R2ObjectStore(env.MEDIA);
  const missing = S3_REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) throw new TypeError(`the Workers edge needs an R2 binding MEDIA, or ${S3_REQUIRED.join(", ")} (missing: ${missing.join(", ")})`);
  return new S3HttpObjectStore({
    endpoint: env.S3_ENDPOINT ?? "",
    bucket: env.S3_BUCKET ?? "",
    region: env.S3_REGION ?? "",
    accessKeyId: env.S3_ACCESS_KEY_ID ?? "",
    secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? "",
    ...(env.S3_PREFIX ? { prefix: env.S3_PREFIX } : {}),
  });
}
