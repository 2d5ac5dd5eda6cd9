/**
 * The `ObjectStore` port: every durable byte Tributary keeps goes through it. Adapters: filesystem
 * (embedded default, core/node/fs-object-store.ts), S3-compatible HTTP (AWS S3, R2's S3 API, MinIO;
 * core/node/s3-object-store.ts), memory (memory-object-store.ts), and the R2 binding on Workers.
 * Every adapter passes core/src/testing/object-store-contract.ts. Every method refuses keys that `assertObjectKey`
 * (object-key.ts) refuses with `storage.invalid_key`; adapters throw `storage.unavailable` when the
 * backing store cannot be reached or misbehaves.
 */

/** Body accepted by `put`: bytes, text, or a stream of bytes (streams are uploaded without buffering where the adapter can). */
export type ObjectBody = Uint8Array | string | ReadableStream<Uint8Array>;

/** What `head` returns. List entries may leave `contentType` and `cacheControl` out (S3's list omits them). */
export interface ObjectMetadata {
  key: string;
  /** Size in bytes. */
  size: number;
  /** Opaque entity tag, quoted as in HTTP (`"abc"`), usable in `ifMatch`. Its format differs by adapter. */
  etag: string;
  lastModified: Date;
  contentType?: string | undefined;
  cacheControl?: string | undefined;
}

export interface StoredObject extends ObjectMetadata {
  /** The body as a stream; read it once. */
  body: ReadableStream<Uint8Array>;
  /** For ranged gets: the inclusive byte range returned. */
  range?: { start: number; end: number } | undefined;
}

/** Object tags (at most 10; keys 1-128 and values up to 256 of `[A-Za-z0-9 +\-=._:/@]`). */
export type ObjectTags = Readonly<Record<string, string>>;

export interface PutOptions {
  contentType?: string;
  cacheControl?: string;
  /** Write only if no object exists at the key (`If-None-Match: *`). */
  ifNoneMatch?: "*";
  /** Write only if the current object's etag equals this one (compare-and-swap). */
  ifMatch?: string;
  /**
   * `immediate` (the default): durable when `put` resolves. `group`: published atomically when `put`
   * resolves, durable against a machine crash once `flush()` resolves. `transient`: published
   * atomically, never made durable against a machine crash, for objects that live seconds (a live
   * window that is not recorded, which a machine crash ends anyway). Adapters that are always durable,
   * such as S3, treat all three alike. `group` and `transient` are for high-rate media, never records.
   */
  durability?: "immediate" | "group" | "transient";
  /**
   * Tags that bucket lifecycle rules select on (S3 `x-amz-tagging`, set with the write). Stores with no
   * lifecycle rules of their own (filesystem, memory, the R2 binding) accept them and keep nothing.
   */
  tags?: ObjectTags | undefined;
}

export interface GetOptions {
  /**
   * Inclusive byte range; `end` omitted, or past the last byte, means to the end of the object.
   * A `start` at or past the end throws `storage.range_not_satisfiable`.
   */
  range?: { start: number; end?: number };
}

export interface ListOptions {
  prefix: string;
  /** Opaque token from a previous page's `cursor`; pages come in UTF-8 byte order of keys, as S3 lists. */
  cursor?: string;
  /** Page size; adapters cap it (1000 at most). */
  limit?: number;
}

export interface ListPage {
  objects: ObjectMetadata[];
  /** Present when more objects follow. */
  cursor?: string | undefined;
}

export interface PresignOptions {
  method: "GET" | "PUT";
  /** Seconds the URL stays valid. */
  expiresIn: number;
  contentType?: string;
}

export interface ObjectStore {
  /** Returns the object, or `undefined` when no object exists at the key (also for ranged gets). */
  get(key: string, options?: GetOptions): Promise<StoredObject | undefined>;
  head(key: string): Promise<ObjectMetadata | undefined>;
  /**
   * Stores the body, replacing any object and its metadata; throws `storage.precondition_failed` when a
   * condition is not met (`ifMatch` on a missing key included). Returns the new etag.
   */
  put(key: string, body: ObjectBody, options?: PutOptions): Promise<{ etag: string }>;
  list(options: ListOptions): Promise<ListPage>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** A URL a client can use directly, or `undefined` when the adapter cannot presign (filesystem). */
  presign(key: string, options: PresignOptions): Promise<string | undefined>;
  /** Makes every `durability: "group"` put made so far durable; absent where every put already is. */
  flush?(): Promise<void>;
}
