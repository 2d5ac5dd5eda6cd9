/**
 * Where the tus endpoint keeps upload bytes: `@tus/file-store` under the data dir by default, or
 * `@tus/s3-store` in the platform bucket under `temp/uploads/` (scratch retention, so an abandoned
 * upload goes away by itself) in S3 mode. Both expire unfinished uploads after `expiresInMs`.
 */
import { join } from "node:path";
import type { StorageConfig } from "#core/config/schema.ts";
import { keys } from "#core/storage/keys.ts";
import { tusFileStorage, type TusStorage } from "./tus-endpoint.ts";

export async function createTusStorage(storage: StorageConfig, dataDir: string, expiresInMs: number): Promise<TusStorage> {
  if (storage.kind === "fs") {
    const { FileStore } = await import("@tus/file-store");
    const dir = join(dataDir, "uploads");
    return tusFileStorage(new FileStore({ directory: dir, expirationPeriodInMilliseconds: expiresInMs }), dir);
  }
  const { S3Store } = await import("@tus/s3-store");
  const datastore = new S3Store({
    expirationPeriodInMilliseconds: expiresInMs,
    s3ClientConfig: {
      bucket: storage.bucket,
      region: storage.region,
      ...(storage.endpoint === undefined ? {} : { endpoint: storage.endpoint }),
      forcePathStyle: storage.forcePathStyle,
    },
  });
  return {
    datastore,
    tusId: (uploadId) => `${storage.prefix}${keys.uploadStaging(uploadId)}`,
    source: (uploadId) => ({ kind: "object", key: keys.uploadStaging(uploadId) }),
  };
}
