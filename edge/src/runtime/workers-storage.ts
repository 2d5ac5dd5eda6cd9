/**
 * The Workers edge's storage, from its bindings: the R2 bucket bound as `MEDIA` (R2 mode), or else the
 * bucket's S3 API over aws4fetch (`S3_ENDPOINT`, `S3_BUCKET`, `S3_REGION`, optional `S3_PREFIX`, and the
 * secrets `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`). The Workers edge serves playback only, so the
 * S3 mode store reads and refuses every write.
 */
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { MediaStore } from "../origin/media-store.ts";
import { R2ObjectStore, type R2BucketLike } from "../origin/r2-object-store.ts";
import { S3HttpMediaStore } from "../origin/s3-http-object-store.ts";

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

/** The store the edge reads records, live pointers, public keys and media from. */
export function workersStore(env: WorkersStorageEnv): ObjectStore {
  if (env.MEDIA !== undefined) return new R2ObjectStore(env.MEDIA);
  const missing = S3_REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) throw new TypeError(`the Workers edge needs an R2 binding MEDIA, or ${S3_REQUIRED.join(", ")} (missing: ${missing.join(", ")})`);
  return readOnly(
    new S3HttpMediaStore({
      endpoint: env.S3_ENDPOINT ?? "",
      bucket: env.S3_BUCKET ?? "",
      region: env.S3_REGION ?? "",
      accessKeyId: env.S3_ACCESS_KEY_ID ?? "",
      secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? "",
      ...(env.S3_PREFIX ? { prefix: env.S3_PREFIX } : {}),
    }),
  );
}

function readOnly(media: MediaStore): ObjectStore {
  const refuse = (): never => {
    throw new TypeError("the Workers edge reads storage only (S3 mode)");
  };
  return { get: (key, options) => media.get(key, options), head: (key) => media.head(key), put: refuse, list: refuse, delete: refuse, presign: async () => undefined };
}
