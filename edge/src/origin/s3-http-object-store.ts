/**
 * An S3-compatible bucket (AWS S3, R2's S3 API, MinIO) read over plain `fetch` with SigV4 from
 * aws4fetch: Web-standard, so it runs on Workers as well as Node. Path-style URLs
 * (`<endpoint>/<bucket>/<key>`). A 5xx or unreachable endpoint is `origin.failed` (502).
 */
import { AwsClient } from "aws4fetch";
import { TributaryError } from "#core/errors.ts";
import { assertObjectKey } from "#core/storage/object-key.ts";
import type { GetOptions, ObjectMetadata, StoredObject } from "#core/storage/object-store.ts";
import type { MediaStore } from "./media-store.ts";

export interface S3HttpOptions {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Key prefix inside the bucket, `""` or ending in `/`. */
  prefix?: string;
}

export class S3HttpMediaStore implements MediaStore {
  readonly #client: AwsClient;
  readonly #base: string;
  readonly #prefix: string;

  constructor(options: S3HttpOptions) {
    this.#client = new AwsClient({ accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, region: options.region, service: "s3" });
    this.#base = `${options.endpoint.replace(/\/+$/, "")}/${encodeURIComponent(options.bucket)}/`;
    this.#prefix = options.prefix ?? "";
  }

  async get(key: string, options: GetOptions = {}): Promise<StoredObject | undefined> {
    const headers: Record<string, string> = {};
    if (options.range) headers["range"] = `bytes=${options.range.start}-${options.range.end ?? ""}`;
    const response = await this.#send(key, "GET", headers);
    if (response === undefined || !response.body) return undefined;
    if (response.status === 416) throw new TributaryError("storage.range_not_satisfiable", "range starts past the end of the object");
    const metadata = toMetadata(key, response);
    const contentRange = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get("content-range") ?? "");
    if (!contentRange) return { ...metadata, body: response.body };
    return { ...metadata, size: Number(contentRange[3]), body: response.body, range: { start: Number(contentRange[1]), end: Number(contentRange[2]) } };
  }

  async head(key: string): Promise<ObjectMetadata | undefined> {
    const response = await this.#send(key, "HEAD", {});
    return response === undefined ? undefined : toMetadata(key, response);
  }

  async #send(key: string, method: "GET" | "HEAD", headers: Record<string, string>): Promise<Response | undefined> {
    const url = this.#base + assertObjectKey(this.#prefix + key).split("/").map(encodeURIComponent).join("/");
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
    if (response.status >= 500 || (response.status >= 400 && response.status !== 416)) {
      await response.body?.cancel();
      throw new TributaryError("origin.failed", `S3 origin answered ${response.status}`, { details: { status: response.status } });
    }
    return response;
  }
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
