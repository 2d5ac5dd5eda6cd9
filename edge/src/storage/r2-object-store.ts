/**
 * The R2 binding on Workers as an `ObjectStore`. Only the few R2 types used are declared here, so the
 * edge compiles without `@cloudflare/workers-types` in the project's types.
 *
 * Conditional puts map to R2's `onlyIf` (R2Conditional): `ifMatch` → `etagMatches`, `ifNoneMatch: "*"`
 * → `etagDoesNotMatch: "*"` (the wildcard matches any existing object, so the put only creates). A
 * condition that fails, `etagMatches` on a missing key included, makes `put` return null; R2 checks it
 * atomically with the write. Bodies are buffered before `put` (R2 needs a known length; objects that go
 * through this store are records and uploads small enough for a Worker's memory).
 */
import { TributaryError } from "#core/errors.ts";
import { assertObjectKey, pageLimit } from "#core/storage/object-key.ts";
import type { GetOptions, ListOptions, ListPage, ObjectBody, ObjectMetadata, ObjectStore, PutOptions, StoredObject } from "#core/storage/object-store.ts";
import { assertRange, bodyBytes } from "#core/storage/object-body.ts";
import { assertPutOptions, preconditionFailed } from "#core/storage/put-conditions.ts";

export interface R2HttpMetadataLike {
  contentType?: string;
  cacheControl?: string;
}

export interface R2ObjectLike {
  key: string;
  size: number;
  httpEtag: string;
  uploaded: Date;
  httpMetadata?: R2HttpMetadataLike;
}

export interface R2ObjectBodyLike extends R2ObjectLike {
  body: ReadableStream<Uint8Array>;
}

/** The subset of Workers' `R2Bucket` the edge uses. */
export interface R2BucketLike {
  get(key: string, options?: { range?: { offset: number; length?: number } }): Promise<R2ObjectBodyLike | null>;
  head(key: string): Promise<R2ObjectLike | null>;
  put(key: string, value: Uint8Array, options?: { httpMetadata?: R2HttpMetadataLike; onlyIf?: { etagMatches?: string; etagDoesNotMatch?: string } }): Promise<R2ObjectLike | null>;
  list(options: { prefix: string; cursor?: string; limit?: number; include?: ("httpMetadata" | "customMetadata")[] }): Promise<{ objects: R2ObjectLike[]; truncated: boolean; cursor?: string }>;
  delete(key: string): Promise<void>;
}

export class R2ObjectStore implements ObjectStore {
  readonly #bucket: R2BucketLike;

  constructor(bucket: R2BucketLike) {
    this.#bucket = bucket;
  }

  async get(key: string, options: GetOptions = {}): Promise<StoredObject | undefined> {
    assertObjectKey(key);
    const range = options.range && assertRange(options.range);
    if (range === undefined) {
      const object = await this.#call("get", () => this.#bucket.get(key));
      return object === null ? undefined : { ...toMetadata(object), body: object.body };
    }
    const r2Range = { offset: range.start, ...(range.end === undefined ? {} : { length: range.end - range.start + 1 }) };
    let object: R2ObjectBodyLike | null;
    try {
      object = await this.#bucket.get(key, { range: r2Range });
    } catch (error) {
      // R2 rejects a range that starts past the end; the object's size tells that from an outage.
      const size = (await this.head(key))?.size;
      if (size === undefined) return undefined;
      if (range.start >= size) throw rangeNotSatisfiable(size, range.start, error);
      throw new TributaryError("storage.unavailable", "R2 get failed", { cause: error });
    }
    if (object === null) return undefined;
    if (range.start >= object.size) {
      await object.body.cancel();
      throw rangeNotSatisfiable(object.size, range.start);
    }
    return { ...toMetadata(object), body: object.body, range: { start: range.start, end: Math.min(range.end ?? object.size - 1, object.size - 1) } };
  }

  async head(key: string): Promise<ObjectMetadata | undefined> {
    assertObjectKey(key);
    const object = await this.#call("head", () => this.#bucket.head(key));
    return object === null ? undefined : toMetadata(object);
  }

  async put(key: string, body: ObjectBody, options: PutOptions = {}): Promise<{ etag: string }> {
    assertObjectKey(key);
    assertPutOptions(options);
    const onlyIf = options.ifNoneMatch === "*" ? { etagDoesNotMatch: "*" } : options.ifMatch !== undefined ? { etagMatches: unquote(options.ifMatch) } : undefined;
    const httpMetadata: R2HttpMetadataLike = {
      ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
      ...(options.cacheControl === undefined ? {} : { cacheControl: options.cacheControl }),
    };
    const bytes = await bodyBytes(body);
    const written = await this.#call("put", () => this.#bucket.put(key, bytes, { httpMetadata, ...(onlyIf ? { onlyIf } : {}) }));
    if (written === null) throw preconditionFailed(key, options.ifNoneMatch === "*" ? "If-None-Match" : "If-Match");
    return { etag: written.httpEtag };
  }

  async list(options: ListOptions): Promise<ListPage> {
    const limit = pageLimit(options.limit);
    const page = await this.#call("list", () =>
      this.#bucket.list({ prefix: options.prefix, limit, include: ["httpMetadata"], ...(options.cursor ? { cursor: options.cursor } : {}) }),
    );
    return { objects: page.objects.map(toMetadata), cursor: page.truncated ? page.cursor : undefined };
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    await this.#call("delete", () => this.#bucket.delete(key));
  }

  /** The binding cannot presign; R2's S3 API (an adapter over its endpoint) can. */
  async presign(key: string): Promise<string | undefined> {
    assertObjectKey(key);
    return undefined;
  }

  async #call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new TributaryError("storage.unavailable", `R2 ${operation} failed`, { cause: error });
    }
  }
}

function rangeNotSatisfiable(size: number, start: number, cause?: unknown): TributaryError {
  return new TributaryError("storage.range_not_satisfiable", "range starts past the end of the object", { details: { size, start }, cause });
}

/** R2 compares bare etag values; ours travel quoted, as HTTP quotes them. */
function unquote(etag: string): string {
  return etag.replace(/^(W\/)?"(.*)"$/, "$2");
}

function toMetadata(object: R2ObjectLike): ObjectMetadata {
  return {
    key: object.key,
    size: object.size,
    etag: object.httpEtag,
    lastModified: object.uploaded,
    contentType: object.httpMetadata?.contentType,
    cacheControl: object.httpMetadata?.cacheControl,
  };
}
