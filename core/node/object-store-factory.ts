/** Builds the configured `ObjectStore` for a Node process. */
import type { StorageConfig } from "../src/config/schema.ts";
import type { ObjectStore } from "../src/storage/object-store.ts";
import { FsObjectStore } from "./fs-object-store.ts";
import { S3ObjectStore } from "./s3-object-store.ts";

/** `credentials`: a static S3-API token (R2 mode, read from Secrets Manager); the SDK's default chain when absent. */
export function createObjectStore(config: StorageConfig, credentials?: { accessKeyId: string; secretAccessKey: string }): ObjectStore {
  if (config.kind === "fs") return new FsObjectStore({ root: config.root });
  return new S3ObjectStore({
    bucket: config.bucket,
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    prefix: config.prefix,
    ...(credentials !== undefined ? { credentials } : {}),
  });
}
