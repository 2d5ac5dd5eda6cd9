/**
 * The R2 binding on Workers as an `ObjectStore`. Only the few R2 types used are declared here, so the
 * edge compiles without `@cloudflare/workers-types` in the project's types. Conditional puts map to R2's
 * `onlyIf` (a failed condition makes `put` return null).
 */
import { TributaryError } from "#core/errors.ts";
import { assertObjectKey } from "#core/storage/object-key.ts";
import { pageLimit } from "#core/storage/object-key.ts";
import type { GetOptions, ListOptions, ListPage, ObjectBody, ObjectMetadata, ObjectStore, PutOptions, StoredObject } from "#core/storage/object-store.ts";
import { bodyBytes } from "#core/storage/object-body.ts";

export interface R2ObjectLike {
  key: string;
  size: number;
  httpEtag: string;
  uploaded: Date;
  httpMetadata?: { contentType?: string; cacheControl?: string };
}

export interface R2ObjectBodyLike extends R2ObjectLike {
  body: ReadableStream<Uint8Array>;
}

/** The subset of Workers' `R2Bucket` the edge uses. */
export interface R2BucketLike {
  get(key: string, options?: { range?: { offset: number; length?: number } }): Promise<R2ObjectBodyLike | null>;
  head(key: string): Promise<R2ObjectLike | null>;
  put(
    key: string,
    value: Uint8Array,
    options?: { httpMetadata?: { contentType?: string; cacheControl?: string }; onlyIf?: { etagMatches?: string; etagDoesNotMatch?: string } },
  ): Promise<R2ObjectLike | null>;
  list(options: { prefix: string; cursor?: string; limit?: number }): Promise<{ objects: R2ObjectLike[]; truncated: boolean; cursor?: string }>;
  delete(key: string): Promise<void>;
}

export class R2ObjectStore implements ObjectStore {
  readonly #bucket: R2BucketLike;

  constructor(bucket: R2BucketLike) {
    this.#bucket = bucket;
  }

  async get(key: string, options: GetOptions = {}): Promise<StoredObject | undefined> {
    assertObjectKey(key);
    const range = options.range;
    const r2Range = range && { offset: range.start, ...(range.end === undefined ? {} : { length: range.end - range.start + 1 }) };
    let object: R2ObjectBodyLike | null;
    try {
      object = await this.#bucket.get(key, r2Range ? { range: r2Range } : undefined);
    } catch (error) {
      if (range) throw new TributaryError("storage.range_not_satisfiable", "range starts past the end of the object", { cause: error });
      throw new TributaryError("storage.unavailable", "R2 get failed", { cause: error });
    }
    if (object === null) return undefined;
    const metadata = toMetadata(object);
    if (!range) return { ...metadata, body: object.body };
    return { ...metadata, body: object.body, range: { start: range.start, end: Math.min(range.end ?? object.size - 1, object.size - 1) } };
  }

  async head(key: string): Promise<ObjectMetadata | undefined> {
    assertObjectKey(key);
    try {
      const object = await this.#bucket.head(key);
      return object === null ? undefined : toMetadata(object);
    } catch (error) {
      throw new TributaryError("storage.unavailable", "R2 head failed", { cause: error });
    }
  }

  async put(key: string, body: ObjectBody, options: PutOptions = {}): Promise<{ etag: string }> {
    assertObjectKey(key);
    const onlyIf = options.ifNoneMatch === "*" ? { etagDoesNotMatch: "*" } : options.ifMatch !== undefined ? { etagMatches: options.ifMatch.replace(/^"|"$/g, "") } : undefined;
    if (options.ifMatch !== undefined && (await this.#bucket.head(key)) === null) throw preconditionFailed(key);
    const httpMetadata = { ...(options.contentType ? { contentType: options.contentType } : {}), ...(options.cacheControl ? { cacheControl: options.cacheControl } : {}) };
    const written = await this.#bucket.put(key, await bodyBytes(body), { httpMetadata, ...(onlyIf ? { onlyIf } : {}) });
    if (written === null) throw preconditionFailed(key);
    return { etag: written.httpEtag };
  }

  async list(options: ListOptions): Promise<ListPage> {
    const page = await this.#bucket.list({ prefix: options.prefix, limit: pageLimit(options.limit), ...(options.cursor ? { cursor: options.cursor } : {}) });
    return { objects: page.objects.map(toMetadata), cursor: page.truncated ? page.cursor : undefined };
  }

  async delete(key: string): Promise<void> {
    await this.#bucket.delete(assertObjectKey(key));
  }

  async presign(): Promise<string | undefined> {
    return undefined;
  }
}

function preconditionFailed(key: string): TributaryError {
  return new TributaryError("storage.precondition_failed", "object changed or exists", { details: { key } });
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
