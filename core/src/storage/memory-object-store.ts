/**
 * An `ObjectStore` held in memory: Web-standard, for the edge's unit tests and single-process demos.
 * Writes are atomic because the condition check and the store happen in one synchronous step.
 */
import type { Clock } from "../clock.ts";
import { systemClock } from "../clock.ts";
import { bodyBytes, bytesStream, resolveRange } from "./object-body.ts";
import { sha256Etag } from "./etag.ts";
import { assertObjectKey, compareKeys, pageLimit } from "./object-key.ts";
import { assertPutOptions, preconditionFailed } from "./put-conditions.ts";
import type { GetOptions, ListOptions, ListPage, ObjectBody, ObjectMetadata, ObjectStore, PutOptions, StoredObject } from "./object-store.ts";

interface Entry {
  bytes: Uint8Array;
  metadata: ObjectMetadata;
}

export class MemoryObjectStore implements ObjectStore {
  readonly #objects = new Map<string, Entry>();
  readonly #clock: Clock;

  constructor(options: { clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  async get(key: string, options: GetOptions = {}): Promise<StoredObject | undefined> {
    const entry = this.#objects.get(assertObjectKey(key));
    if (entry === undefined) return undefined;
    if (options.range === undefined) return { ...entry.metadata, body: bytesStream(entry.bytes) };
    const range = resolveRange(options.range, entry.bytes.byteLength);
    return { ...entry.metadata, body: bytesStream(entry.bytes.slice(range.start, range.end + 1)), range };
  }

  async head(key: string): Promise<ObjectMetadata | undefined> {
    const entry = this.#objects.get(assertObjectKey(key));
    return entry === undefined ? undefined : { ...entry.metadata };
  }

  async put(key: string, body: ObjectBody, options: PutOptions = {}): Promise<{ etag: string }> {
    assertObjectKey(key);
    assertPutOptions(options);
    const bytes = (await bodyBytes(body)).slice();
    const etag = await sha256Etag(bytes);
    // No await between the check and the write: this is the atomic step.
    const current = this.#objects.get(key);
    if (options.ifNoneMatch === "*" && current !== undefined) throw preconditionFailed(key, "If-None-Match");
    if (options.ifMatch !== undefined && current?.metadata.etag !== options.ifMatch) throw preconditionFailed(key, "If-Match");
    const metadata: ObjectMetadata = {
      key,
      size: bytes.byteLength,
      etag,
      lastModified: new Date(this.#clock.now()),
      contentType: options.contentType,
      cacheControl: options.cacheControl,
    };
    this.#objects.set(key, { bytes, metadata });
    return { etag };
  }

  async list(options: ListOptions): Promise<ListPage> {
    const limit = pageLimit(options.limit);
    const after = options.cursor;
    const keys = [...this.#objects.keys()]
      .filter((key) => key.startsWith(options.prefix) && (after === undefined || compareKeys(key, after) > 0))
      .sort(compareKeys);
    const page = keys.slice(0, limit);
    const objects = page.map((key) => ({ ...(this.#objects.get(key) as Entry).metadata }));
    return { objects, cursor: keys.length > limit ? page[page.length - 1] : undefined };
  }

  async delete(key: string): Promise<void> {
    this.#objects.delete(assertObjectKey(key));
  }

  async presign(): Promise<string | undefined> {
    return undefined;
  }
}
