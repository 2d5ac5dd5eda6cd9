/**
 * Builds the configured `ObjectStore` for a Node process. The S3 adapter (and the AWS SDK under it,
 * ~25 MB of heap and code per process) is loaded only when the config names S3.
 */
import type { StorageConfig } from "../src/config/schema.ts";
import type { ObjectStore } from "../src/storage/object-store.ts";
import { FsObjectStore } from "./fs-object-store.ts";

/** `credentials`: a static S3-API token (R2 mode, read from Secrets Manager); the SDK's default chain when absent. */
export async function createObjectStore(config: StorageConfig, credentials?: { accessKeyId: string; secretAccessKey: string }): Promise<ObjectStore> {
  if (config.kind === "fs") return new FsObjectStore({ root: config.root });
  const { S3ObjectStore } = await import("./s3-object-store.ts");
  return new S3ObjectStore({
    bucket: config.bucket,
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    prefix: config.prefix,
    ...(config.maxAttempts !== undefined ? { maxAttempts: config.maxAttempts } : {}),
    ...(config.connectionTimeoutMs !== undefined ? { connectionTimeoutMs: config.connectionTimeoutMs } : {}),
    ...(config.socketTimeoutMs !== undefined ? { socketTimeoutMs: config.socketTimeoutMs } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
  });
}
