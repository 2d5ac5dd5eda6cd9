/**
 * `ObjectStore` over the S3 HTTP API (AWS S3, Cloudflare R2's S3 endpoint, MinIO) with
 * `@aws-sdk/client-s3`. Bodies larger than one part, and all streams, go through lib-storage's
 * `Upload`, which switches to multipart above `partSize`; conditions ride on PutObject or on
 * CompleteMultipartUpload, where S3 also honours them.
 */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { GetObjectCommandOutput, PutObjectCommandInput } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { TributaryError } from "#core/errors.ts";
import { assertRange } from "#core/storage/object-body.ts";
import { assertObjectKey, pageLimit } from "#core/storage/object-key.ts";
import type { GetOptions, ListOptions, ListPage, ObjectBody, ObjectMetadata, ObjectStore, PresignOptions, PutOptions, StoredObject } from "#core/storage/object-store.ts";
import { assertPutOptions, encodeTags } from "#core/storage/put-conditions.ts";
import { isS3NotFound, toStorageError } from "./s3-errors.ts";
import type { S3ErrorContext } from "./s3-errors.ts";

export interface S3ObjectStoreOptions {
  bucket: string;
  region: string;
  /** Custom endpoint (R2: `https://<account>.r2.cloudflarestorage.com`, MinIO); AWS when absent. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Static credentials; the SDK's default provider chain when absent. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Prepended to every key, e.g. `"tenant-a/"`; must be empty or end with `/`. */
  prefix?: string;
  /** Multipart part size in bytes (S3 minimum 5 MiB, default 8 MiB); larger bodies upload in parts. */
  partSize?: number;
  /**
   * Attempts per request, including the first (default 5). The SDK's standard retry strategy retries
   * 5xx answers, throttling, timeouts and reset connections with jittered exponential backoff, within
   * its retry quota (the token bucket that stops a retry storm against a store that is down).
   */
  maxAttempts?: number;
  /** Milliseconds to open a connection before the attempt fails and is retried (default 3 s). */
  connectionTimeoutMs?: number;
  /**
   * Milliseconds a socket may sit idle, request or response, before the attempt fails and is
   * retried (default 10 s): a store that stops answering costs one timeout, not the broadcast.
   */
  socketTimeoutMs?: number;
}

export const S3_RETRY_DEFAULTS = { maxAttempts: 5, connectionTimeoutMs: 3_000, socketTimeoutMs: 10_000 } as const;

const MIN_PART_SIZE = 5 * 1024 * 1024;
/** SigV4 presigned URLs live at most 7 days. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
const encoder = new TextEncoder();

function parseContentRange(header: string | undefined): { start: number; end: number; size: number } | undefined {
  const match = header === undefined ? null : /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header);
  return match === null ? undefined : { start: Number(match[1]), end: Number(match[2]), size: Number(match[3]) };
}

export class S3ObjectStore implements ObjectStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #partSize: number;

  constructor(options: S3ObjectStoreOptions) {
    const prefix = options.prefix ?? "";
    if (prefix !== "") assertObjectKey(prefix.slice(0, -1));
    if (prefix !== "" && !prefix.endsWith("/")) throw new TypeError("S3 key prefix must end with '/'");
    const partSize = options.partSize ?? 8 * 1024 * 1024;
    if (!Number.isSafeInteger(partSize) || partSize < MIN_PART_SIZE) throw new TypeError(`partSize must be an integer >= ${MIN_PART_SIZE}`);
    this.#bucket = options.bucket;
    this.#prefix = prefix;
    this.#partSize = partSize;
    this.#client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      maxAttempts: options.maxAttempts ?? S3_RETRY_DEFAULTS.maxAttempts,
      requestHandler: {
        connectionTimeout: options.connectionTimeoutMs ?? S3_RETRY_DEFAULTS.connectionTimeoutMs,
        socketTimeout: options.socketTimeoutMs ?? S3_RETRY_DEFAULTS.socketTimeoutMs,
      },
      // Flexible checksums (CRC32 trailers) are not implemented by every S3-compatible server (older
      // MinIO, s3rver), and the SDK cannot compute them over a web stream of unknown length.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  async get(key: string, options: GetOptions = {}): Promise<StoredObject | undefined> {
    const objectKey = this.#key(key);
    const range = options.range === undefined ? undefined : assertRange(options.range);
    let output: GetObjectCommandOutput;
    try {
      const Range = range === undefined ? undefined : `bytes=${range.start}-${range.end ?? ""}`;
      output = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: objectKey, Range }));
    } catch (error) {
      if (isS3NotFound(error)) return undefined;
      throw toStorageError(error, { operation: "get", key });
    }
    if (output.Body === undefined) throw toStorageError(new Error("response has no body"), { operation: "get", key });
    const contentRange = parseContentRange(output.ContentRange);
    return {
      ...this.#metadata(key, { ...output, ContentLength: contentRange?.size ?? output.ContentLength }, "get"),
      body: output.Body.transformToWebStream() as ReadableStream<Uint8Array>,
      range: range === undefined || contentRange === undefined ? undefined : { start: contentRange.start, end: contentRange.end },
    };
  }

  async head(key: string): Promise<ObjectMetadata | undefined> {
    try {
      const output = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }));
      return this.#metadata(key, output, "head");
    } catch (error) {
      if (isS3NotFound(error)) return undefined;
      throw toStorageError(error, { operation: "head", key });
    }
  }

  async put(key: string, body: ObjectBody, options: PutOptions = {}): Promise<{ etag: string }> {
    const params: PutObjectCommandInput = {
      Bucket: this.#bucket,
      Key: this.#key(key),
      ContentType: options.contentType,
      CacheControl: options.cacheControl,
      IfNoneMatch: options.ifNoneMatch,
      IfMatch: options.ifMatch,
      Tagging: encodeTags(options.tags),
    };
    assertPutOptions(options);
    const context: S3ErrorContext = { operation: "put", key, condition: options.ifNoneMatch === "*" ? "If-None-Match" : options.ifMatch === undefined ? undefined : "If-Match" };
    try {
      const bytes = typeof body === "string" ? encoder.encode(body) : body;
      if (bytes instanceof Uint8Array && bytes.byteLength <= this.#partSize) {
        const output = await this.#client.send(new PutObjectCommand({ ...params, Body: bytes, ContentLength: bytes.byteLength }));
        return { etag: this.#etag(output.ETag, context) };
      }
      const upload = new Upload({ client: this.#client, params: { ...params, Body: bytes }, partSize: this.#partSize, leavePartsOnError: false });
      const output = await upload.done();
      return { etag: this.#etag(output.ETag, context) };
    } catch (error) {
      throw toStorageError(error, context);
    }
  }

  async list(options: ListOptions): Promise<ListPage> {
    const limit = pageLimit(options.limit);
    try {
      const output = await this.#client.send(
        new ListObjectsV2Command({ Bucket: this.#bucket, Prefix: this.#prefix + options.prefix, MaxKeys: limit, ContinuationToken: options.cursor }),
      );
      const objects = (output.Contents ?? []).map((entry) => {
        const key = (entry.Key ?? "").slice(this.#prefix.length);
        return { key, size: entry.Size ?? 0, etag: this.#etag(entry.ETag, { operation: "list", key }), lastModified: entry.LastModified ?? new Date(0) };
      });
      return { objects, cursor: output.IsTruncated === true ? output.NextContinuationToken : undefined };
    } catch (error) {
      throw toStorageError(error, { operation: "list" });
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }));
    } catch (error) {
      if (isS3NotFound(error)) return;
      throw toStorageError(error, { operation: "delete", key });
    }
  }

  /** A SigV4 presigned URL for a direct GET or PUT (a PUT must send the same `content-type`). */
  async presign(key: string, options: PresignOptions): Promise<string> {
    if (!Number.isSafeInteger(options.expiresIn) || options.expiresIn < 1 || options.expiresIn > MAX_PRESIGN_SECONDS) {
      throw new TypeError(`expiresIn must be 1..${MAX_PRESIGN_SECONDS} seconds`);
    }
    const input = { Bucket: this.#bucket, Key: this.#key(key) };
    const command = options.method === "GET" ? new GetObjectCommand(input) : new PutObjectCommand({ ...input, ContentType: options.contentType });
    return getSignedUrl(this.#client, command, { expiresIn: options.expiresIn });
  }

  /** Closes the client's pooled connections. */
  destroy(): void {
    this.#client.destroy();
  }

  #key(key: string): string {
    return this.#prefix + assertObjectKey(key);
  }

  #etag(etag: string | undefined, context: S3ErrorContext): string {
    if (etag === undefined) throw new TributaryError("storage.unavailable", "object store returned no etag", { details: { ...context } });
    return etag;
  }

  #metadata(
    key: string,
    output: { ContentLength?: number | undefined; ETag?: string | undefined; LastModified?: Date | undefined; ContentType?: string | undefined; CacheControl?: string | undefined },
    operation: "get" | "head",
  ): ObjectMetadata {
    return {
      key,
      size: output.ContentLength ?? 0,
      etag: this.#etag(output.ETag, { operation, key }),
      lastModified: output.LastModified ?? new Date(0),
      contentType: output.ContentType,
      cacheControl: output.CacheControl,
    };
  }
}
