/** Builds the configured `ObjectStore` for a Node process. */
import type { StorageConfig } from "../src/config/schema.ts";
import type { ObjectStore } from "../src/storage/object-store.ts";
import { FsObjectStore } from "./fs-object-store.ts";
import { S3ObjectStore } from "./s3-object-store.ts";

export function createObjectStore(config: StorageConfig): ObjectStore {
  if (config.kind === "fs") return new FsObjectStore({ root: config.root });
  return new S3ObjectStore({
    bucket: config.bucket,
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    prefix: config.prefix,
  });
}
