/**
 * Puts a job's source on local disk for ffprobe and ffmpeg: a file is used where it is, an object is
 * copied out of the store, and a URL is fetched through the outbound-address guard (the same rule and
 * connect-time check as webhook deliveries, so neither an address nor a DNS answer can point the
 * worker at this host, its network or the metadata service). Bytes past the size cap stop the copy.
 */
import { createWriteStream } from "node:fs";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { isTributaryError, TributaryError } from "#core/errors.ts";
import type { OutboundPolicy } from "#core/net/outbound-target.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { TranscodeSource } from "#core/vod/transcode-backend.ts";
import { guardedLookup, refuseHost } from "#core-node/outbound-guard.ts";

export interface SourceFileOptions {
  store: ObjectStore;
  /** Where a copied or fetched source is written. */
  scratchPath: string;
  maxSizeBytes: number;
  outbound: OutboundPolicy;
  signal?: AbortSignal;
  /** Redirects followed, each target checked again (default 5). */
  maxRedirects?: number;
}

/** The local path of the source; copies and fetches go to `scratchPath`. */
export async function sourceFile(source: TranscodeSource, options: SourceFileOptions): Promise<string> {
  if (source.kind === "file") return source.path;
  const body = source.kind === "object" ? await objectBody(options.store, source.key) : await fetchBody(new URL(source.url), options, options.maxRedirects ?? 5);
  await pipeline(body, capped(options.maxSizeBytes), createWriteStream(options.scratchPath), ...(options.signal ? [{ signal: options.signal }] : []));
  return options.scratchPath;
}

async function objectBody(store: ObjectStore, key: string): Promise<Readable> {
  const object = await store.get(key);
  if (object === undefined) throw new TributaryError("media.invalid", "the uploaded file is gone from storage (expired or deleted); upload it again");
  return Readable.fromWeb(object.body as WebReadableStream<Uint8Array>);
}

function capped(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.byteLength;
      if (seen > maxBytes) callback(new TributaryError("media.limit_exceeded", `the source is larger than this asset's limit of ${maxBytes} bytes; use a smaller file or raise maxSizeBytes`, { details: { maxSizeBytes: maxBytes } }));
      else callback(null, chunk);
    },
  });
}

function forbiddenSource(error: unknown): unknown {
  return isTributaryError(error, "webhook.target_forbidden") ? new TributaryError("media.source_forbidden", error.message.replace(/targets must be public/, "sources must be public"), { details: error.details ?? {} }) : error;
}

async function fetchBody(url: URL, options: SourceFileOptions, redirectsLeft: number): Promise<Readable> {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TributaryError("media.invalid", `only http and https sources can be fetched, not ${url.protocol}`);
  try {
    refuseHost(url, options.outbound);
  } catch (error) {
    throw forbiddenSource(error);
  }
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const request = send(url, { method: "GET", lookup: guardedLookup(options.outbound), agent: false, ...(options.signal ? { signal: options.signal } : {}) }, resolve);
    request.on("error", (error) => reject(forbiddenSource(error)));
    request.end();
  });
  const status = response.statusCode ?? 0;
  const location = response.headers.location;
  if (status >= 300 && status < 400 && location !== undefined) {
    response.destroy();
    if (redirectsLeft === 0) throw new TributaryError("media.invalid", "the source URL redirects too many times");
    return fetchBody(new URL(location, url), options, redirectsLeft - 1);
  }
  if (status !== 200) {
    response.destroy();
    throw new TributaryError("media.invalid", `fetching the source answered HTTP ${status}; check that the URL is public and points at the file`, { details: { status } });
  }
  const declared = Number(response.headers["content-length"] ?? NaN);
  if (Number.isFinite(declared) && declared > options.maxSizeBytes) {
    response.destroy();
    throw new TributaryError("media.limit_exceeded", `the source is ${declared} bytes, over this asset's limit of ${options.maxSizeBytes}; use a smaller file or raise maxSizeBytes`, { details: { sizeBytes: declared, maxSizeBytes: options.maxSizeBytes } });
  }
  return response;
}
