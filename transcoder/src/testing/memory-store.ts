/** An in-memory `ObjectStore` for tests: honours conditional puts, ranges and paged listing like the real adapters. */
import { TributaryError } from "#core/errors.ts";
import type { GetOptions, ListOptions, ListPage, ObjectBody, ObjectMetadata, ObjectStore, PutOptions, StoredObject } from "#core/storage/object-store.ts";

interface Entry {
  meta: ObjectMetadata;
  bytes: Uint8Array;
}

export class MemoryStore implements ObjectStore {
  readonly #objects = new Map<string, Entry>();
  #version = 0;

  /** The stored bytes at `key` (test convenience, not part of the port). */
  bytes(key: string): Uint8Array | undefined {
    return this.#objects.get(key)?.bytes;
  }

  keys(): string[] {
    return [...this.#objects.keys()].sort();
  }

  async get(key: string, options: GetOptions = {}): Promise<StoredObject | undefined> {
    const entry = this.#objects.get(key);
    if (entry === undefined) return undefined;
    let bytes = entry.bytes;
    let range: { start: number; end: number } | undefined;
    if (options.range !== undefined) {
      const end = Math.min(options.range.end ?? bytes.byteLength - 1, bytes.byteLength - 1);
      range = { start: options.range.start, end };
      bytes = bytes.subarray(range.start, end + 1);
    }
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice());
        controller.close();
      },
    });
    return { ...entry.meta, body, range };
  }

  async head(key: string): Promise<ObjectMetadata | undefined> {
    return this.#objects.get(key)?.meta;
  }

  async put(key: string, body: ObjectBody, options: PutOptions = {}): Promise<{ etag: string }> {
    const bytes = await toBytes(body);
    const current = this.#objects.get(key);
    if (options.ifNoneMatch === "*" && current !== undefined) throw new TributaryError("storage.precondition_failed", `object exists: ${key}`);
    if (options.ifMatch !== undefined && current?.meta.etag !== options.ifMatch) throw new TributaryError("storage.precondition_failed", `etag mismatch: ${key}`);
    const etag = `"${++this.#version}"`;
    this.#objects.set(key, { bytes, meta: { key, size: bytes.byteLength, etag, lastModified: new Date(0), contentType: options.contentType, cacheControl: options.cacheControl } });
    return { etag };
  }

  async list(options: ListOptions): Promise<ListPage> {
    const limit = Math.min(options.limit ?? 1000, 1000);
    const matching = this.keys().filter((k) => k.startsWith(options.prefix) && (options.cursor === undefined || k > options.cursor));
    const page = matching.slice(0, limit);
    const objects = page.map((k) => this.#objects.get(k)?.meta).filter((m): m is ObjectMetadata => m !== undefined);
    return { objects, cursor: matching.length > limit ? page[page.length - 1] : undefined };
  }

  async delete(key: string): Promise<void> {
    this.#objects.delete(key);
  }

  async presign(): Promise<string | undefined> {
    return undefined;
  }
}

async function toBytes(body: ObjectBody): Promise<Uint8Array> {
  if (typeof body === "string") return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body.slice();
  return new Uint8Array(await new Response(body).arrayBuffer());
}
