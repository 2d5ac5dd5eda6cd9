/**
 * An S3-compatible bucket (AWS S3, R2's S3 API, MinIO) over plain `fetch` with SigV4 from aws4fetch:
 * Web-standard, so it runs on Workers as well as Node. Path-style URLs (`<endpoint>/<bucket>/<key>`).
 *
 * Reads are the playback origin: a 5xx or unreachable endpoint is `origin.failed` (502). Writes,
 * listing and deletes serve the broadcaster API: conditional puts send `If-None-Match: *` / `If-Match`
 * (S3 answers 412, 409 for a conflicting concurrent conditional write, and 404 for `If-Match` on a
 * missing key: all `storage.precondition_failed`); other failures are `storage.unavailable`. Bodies are
 * buffered before a put, because SigV4 signs the payload and S3 needs its length.
 */
import { AwsClient } from "aws4fetch";
import { TributaryError } from "#core/errors.ts";
import { assertObjectKey, pageLimit } from "#core/storage/object-key.ts";
import type { GetOptions, ListOptions, ListPage, ObjectBody, ObjectMetadata, ObjectStore, PresignOptions, PutOptions, StoredObject } from "#core/storage/object-store.ts";
import { assertRange, bodyBytes, bytesStream } from "#core/storage/object-body.ts";
import { assertPutOptions, encodeTags, preconditionFailed } from "#core/storage/put-conditions.ts";
import { parseListObjectsV2 } from "./s3-list-xml.ts";

export interface S3HttpOptions {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Key prefix inside the bucket, `""` or ending in `/`. */
  prefix?: string;
}

/** Longest presigned URL lifetime SigV4 allows (7 days). */
const MAX_PRESIGN_SECONDS = 604_800;

export class S3HttpObjectStore implements ObjectStore {
  readonly #client: AwsClient;
  readonly #bucketUrl: string;
  readonly #prefix: string;

  constructor(options: S3HttpOptions) {
    this.#client = new AwsClient({ accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, region: options.region, service: "s3" });
    this.#bucketUrl = `${options.endpoint.replace(/\/+$/, "")}/${encodeURIComponent(options.bucket)}`;
    this.#prefix = options.prefix ?? "";
  }

  async get(key: string, options: GetOptions = {}): Promise<StoredObject | undefined> {
    const headers: Record<string, string> = {};
    if (options.range) {
      const { start, end } = assertRange(options.range);
      headers["range"] = `bytes=${start}-${end ?? ""}`;
    }
    const response = await this.#read(key, "GET", headers);
    if (response === undefined) return undefined;
    if (response.status === 416) {
      await response.body?.cancel();
      throw new TributaryError("storage.range_not_satisfiable", "range starts past the end of the object");
    }
    const metadata = toMetadata(key, response);
    const body = response.body ?? bytesStream(new Uint8Array(0));
    const contentRange = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get("content-range") ?? "");
    if (!contentRange) return { ...metadata, body };
    return { ...metadata, size: Number(contentRange[3]), body, range: { start: Number(contentRange[1]), end: Number(contentRange[2]) } };
  }

  async head(key: string): Promise<ObjectMetadata | undefined> {
    const response = await this.#read(key, "HEAD", {});
    return response === undefined ? undefined : toMetadata(key, response);
  }

  async put(key: string, body: ObjectBody, options: PutOptions = {}): Promise<{ etag: string }> {
    const url = this.#objectUrl(key);
    assertPutOptions(options);
    const headers: Record<string, string> = {};
    if (options.contentType !== undefined) headers["content-type"] = options.contentType;
    if (options.cacheControl !== undefined) headers["cache-control"] = options.cacheControl;
    if (options.ifNoneMatch !== undefined) headers["if-none-match"] = options.ifNoneMatch;
    if (options.ifMatch !== undefined) headers["if-match"] = options.ifMatch;
    const tagging = encodeTags(options.tags);
    if (tagging !== undefined) headers["x-amz-tagging"] = tagging;
    const response = await this.#write(url, { method: "PUT", headers, body: await bodyBytes(body) });
    await response.body?.cancel();
    const conditionFailed = response.status === 412 || response.status === 409 || (response.status === 404 && options.ifMatch !== undefined);
    if (conditionFailed) throw preconditionFailed(key, options.ifMatch === undefined ? "If-None-Match" : "If-Match");
    if (!response.ok) throw unavailable("put", response.status);
    const etag = response.headers.get("etag");
    if (etag === null) throw new TributaryError("storage.unavailable", "S3 put answered without an ETag");
    return { etag };
  }

  async list(options: ListOptions): Promise<ListPage> {
    const url = new URL(this.#bucketUrl);
    url.searchParams.set("list-type", "2");
    url.searchParams.set("prefix", this.#prefix + options.prefix);
    url.searchParams.set("max-keys", String(pageLimit(options.limit)));
    if (options.cursor) url.searchParams.set("continuation-token", options.cursor);
    const response = await this.#write(url.toString(), { method: "GET" });
    if (!response.ok) {
      await response.body?.cancel();
      throw unavailable("list", response.status);
    }
    const page = parseListObjectsV2(await response.text());
    return {
      objects: page.contents.map((entry) => ({ ...entry, key: entry.key.slice(this.#prefix.length) })),
      cursor: page.isTruncated ? page.nextContinuationToken : undefined,
    };
  }

  async delete(key: string): Promise<void> {
    const response = await this.#write(this.#objectUrl(key), { method: "DELETE" });
    await response.body?.cancel();
    if (!response.ok && response.status !== 404) throw unavailable("delete", response.status);
  }

  /** A SigV4 query-signed URL (`X-Amz-Expires`), usable by any HTTP client until it expires. */
  async presign(key: string, options: PresignOptions): Promise<string> {
    const url = new URL(this.#objectUrl(key));
    url.searchParams.set("X-Amz-Expires", String(Math.min(Math.max(1, Math.floor(options.expiresIn)), MAX_PRESIGN_SECONDS)));
    const headers: Record<string, string> = options.method === "PUT" && options.contentType ? { "content-type": options.contentType } : {};
    const signed = await this.#client.sign(url.toString(), { method: options.method, headers, aws: { signQuery: true, allHeaders: true } });
    return signed.url;
  }

  #objectUrl(key: string): string {
    assertObjectKey(key);
    return `${this.#bucketUrl}/${(this.#prefix + key).split("/").map(encodeURIComponent).join("/")}`;
  }

  /** A playback read: 404 is `undefined`, 416 is returned for `get` to report. */
  async #read(key: string, method: "GET" | "HEAD", headers: Record<string, string>): Promise<Response | undefined> {
    const url = this.#objectUrl(key);
    let response: Response;
    try {
      response = await this.#client.fetch(url, { method, headers });
    } catch (error) {
      throw new TributaryError("origin.failed", "S3 origin unreachable", { cause: error });
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (response.status >= 400 && response.status !== 416) {
      await response.body?.cancel();
      throw new TributaryError("origin.failed", `S3 origin answered ${response.status}`, { details: { status: response.status } });
    }
    return response;
  }

  async #write(url: string, init: { method: string; headers?: Record<string, string>; body?: Uint8Array }): Promise<Response> {
    try {
      return await this.#client.fetch(url, init as RequestInit);
    } catch (error) {
      throw new TributaryError("storage.unavailable", "S3 endpoint unreachable", { cause: error });
    }
  }
}

function unavailable(operation: string, status: number): TributaryError {
  return new TributaryError("storage.unavailable", `S3 ${operation} answered ${status}`, { details: { status } });
}

function toMetadata(key: string, response: Response): ObjectMetadata {
  return {
    key,
    size: Number(response.headers.get("content-length") ?? 0),
    etag: response.headers.get("etag") ?? '""',
    lastModified: new Date(response.headers.get("last-modified") ?? 0),
    contentType: response.headers.get("content-type") ?? undefined,
    cacheControl: response.headers.get("cache-control") ?? undefined,
  };
}
