/**
 * The embedded `ObjectStore`: objects are files below a root directory (layout in fs-object-layout.ts,
 * header in fs-object-header.ts). A put streams to a temp file, then publishes it with one atomic
 * `rename`, or `link` for create-if-absent, which fails with EEXIST across processes too.
 * Conditional puts are serialised per key within the process; `ifMatch` between processes has a small
 * window between reading the current etag and the rename (a filesystem offers no compare-and-rename).
 */
import { createHash, randomBytes } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { link, mkdir, open, rename, rm, rmdir } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { bodyChunks, bytesStream, resolveRange } from "#core/storage/object-body.ts";
import { hexEtag } from "#core/storage/etag.ts";
import { pageLimit } from "#core/storage/object-key.ts";
import type { GetOptions, ListOptions, ListPage, ObjectBody, ObjectMetadata, ObjectStore, PutOptions, StoredObject } from "#core/storage/object-store.ts";
import { assertPutOptions, preconditionFailed } from "#core/storage/put-conditions.ts";
import { HEADER_BYTES, encodeHeader, readHeader } from "./fs-object-header.ts";
import type { ObjectPaths } from "./fs-object-layout.ts";
import { objectPaths, tempPath } from "./fs-object-layout.ts";
import { listObjectFiles } from "./fs-object-list.ts";
import { withKeyLock } from "./key-lock.ts";

export interface FsObjectStoreOptions {
  /** Directory that holds the objects; created on first write. */
  root: string;
  /**
   * fsync each object and its directory before a put returns (default true). Puts that ask for
   * `durability: "group"` are fsynced together by `flush()` instead; `transient` ones never are.
   */
  durable?: boolean;
}

/** Group-durable objects remembered before a `flush` is forced, so the set stays bounded. */
const MAX_PENDING_SYNCS = 4096;

/** Read sizes for object bodies: whole objects up to the max in one read, never below the min. */
const READ_CHUNK_MIN = 16 * 1024;
const READ_CHUNK_MAX = 2 * 1024 * 1024;

/** Directories remembered as existing before `mkdir` is skipped; the set is simply cleared when full. */
const MAX_KNOWN_DIRECTORIES = 4096;

const encoder = new TextEncoder();

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

async function openIfExists(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, "r");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw error;
  }
}

/** Writes all of `chunks`, back to back, from `position`: one `writev`, then plain writes if it was short. */
async function writeAll(handle: FileHandle, chunks: readonly Uint8Array[], position: number): Promise<void> {
  const { bytesWritten } = await handle.writev(chunks as Uint8Array[], position);
  let skip = bytesWritten;
  let at = position;
  for (const bytes of chunks) {
    for (let offset = Math.min(skip, bytes.byteLength); offset < bytes.byteLength; ) {
      const written = (await handle.write(bytes, offset, bytes.byteLength - offset, at + offset)).bytesWritten;
      offset += written;
    }
    skip = Math.max(0, skip - bytes.byteLength);
    at += bytes.byteLength;
  }
}

export class FsObjectStore implements ObjectStore {
  readonly root: string;
  readonly #durable: boolean;
  /** Directories this store made or found, so a put skips `mkdir` for them. */
  readonly #directories = new Set<string>();
  /** Objects and directories published with group durability and not yet fsynced. */
  #pendingFiles = new Set<string>();
  #pendingDirectories = new Set<string>();

  constructor(options: FsObjectStoreOptions) {
    this.root = resolve(options.root);
    this.#durable = options.durable ?? true;
  }

  async get(key: string, options: GetOptions = {}): Promise<StoredObject | undefined> {
    const paths = objectPaths(this.root, key);
    const handle = await openIfExists(paths.body);
    if (handle === undefined) return undefined;
    try {
      const { metadata, size } = await this.#metadata(key, handle, paths.body);
      const range = options.range === undefined ? undefined : resolveRange(options.range, size);
      if (size === 0) {
        await handle.close();
        return { ...metadata, body: bytesStream(new Uint8Array(0)) };
      }
      // The stream owns the handle from here and closes it when read or cancelled. Reads as large as
      // the object up to READ_CHUNK_MAX: a segment arrives in one chunk, not sixteen 64 KiB ones.
      const start = range?.start ?? 0;
      const end = range?.end ?? size - 1;
      const highWaterMark = Math.max(READ_CHUNK_MIN, Math.min(end - start + 1, READ_CHUNK_MAX));
      const stream = handle.createReadStream({ start: HEADER_BYTES + start, end: HEADER_BYTES + end, highWaterMark });
      return { ...metadata, body: Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>, range };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async head(key: string): Promise<ObjectMetadata | undefined> {
    const paths = objectPaths(this.root, key);
    const handle = await openIfExists(paths.body);
    if (handle === undefined) return undefined;
    try {
      return (await this.#metadata(key, handle, paths.body)).metadata;
    } finally {
      await handle.close();
    }
  }

  async put(key: string, body: ObjectBody, options: PutOptions = {}): Promise<{ etag: string }> {
    const paths = objectPaths(this.root, key);
    assertPutOptions(options);
    const temp = await this.#writeTemp(paths, body, options);
    // A rename consumes the temp file; a link (create-if-absent) or a failure leaves it to remove.
    let consumed = false;
    try {
      consumed = await withKeyLock(paths.body, () => this.#publish(key, paths, temp.path, options));
      return { etag: temp.etag };
    } finally {
      if (!consumed) await rm(temp.path, { force: true });
    }
  }

  async list(options: ListOptions): Promise<ListPage> {
    const limit = pageLimit(options.limit);
    const files = await listObjectFiles(this.root, options.prefix, options.cursor, limit + 1);
    const objects: ObjectMetadata[] = [];
    for (const file of files.slice(0, limit)) {
      const handle = await openIfExists(file.path);
      if (handle === undefined) continue; // deleted since the directory was read
      try {
        objects.push((await this.#metadata(file.key, handle, file.path)).metadata);
      } finally {
        await handle.close();
      }
    }
    return { objects, cursor: files.length > limit ? files[limit - 1]?.key : undefined };
  }

  async delete(key: string): Promise<void> {
    const paths = objectPaths(this.root, key);
    await withKeyLock(paths.body, () => rm(paths.body, { force: true }));
    // Drop directories the delete left empty; stops at the first one still in use.
    for (let dir = paths.dir; dir.startsWith(this.root + sep); dir = dirname(dir)) {
      try {
        await rmdir(dir);
        this.#directories.delete(dir);
      } catch {
        return;
      }
    }
  }

  async presign(): Promise<string | undefined> {
    return undefined;
  }

  /** fsyncs every object (and directory) published with group durability since the last flush. */
  async flush(): Promise<void> {
    const files = this.#pendingFiles;
    const directories = this.#pendingDirectories;
    this.#pendingFiles = new Set();
    this.#pendingDirectories = new Set();
    for (const path of files) await syncPath(path);
    for (const dir of directories) await syncPath(dir);
  }

  async #metadata(key: string, handle: FileHandle, path: string): Promise<{ metadata: ObjectMetadata; size: number }> {
    const { header, size, lastModified } = await readHeader(handle, path);
    return { metadata: { key, size, etag: header.etag, lastModified, contentType: header.contentType, cacheControl: header.cacheControl }, size };
  }

  /**
   * Writes header and body to a new temp file beside the target. A body already in memory is hashed
   * first so header and body go out in one positioned `writev`; a stream is hashed as it is written.
   */
  async #writeTemp(paths: ObjectPaths, body: ObjectBody, options: PutOptions): Promise<{ path: string; etag: string }> {
    const path = tempPath(paths, randomBytes(8).toString("hex"));
    const bytes = typeof body === "string" ? encoder.encode(body) : body instanceof Uint8Array ? body : undefined;
    const handle = await this.#createInDirectory(paths.dir, path);
    try {
      let etag: string;
      if (bytes !== undefined) {
        etag = hexEtag(createHash("sha256").update(bytes).digest("hex"));
        await writeAll(handle, [encodeHeader({ etag, contentType: options.contentType, cacheControl: options.cacheControl }), bytes], 0);
      } else {
        const hash = createHash("sha256");
        let position = HEADER_BYTES;
        for await (const chunk of bodyChunks(body)) {
          hash.update(chunk);
          await writeAll(handle, [chunk], position);
          position += chunk.byteLength;
        }
        etag = hexEtag(hash.digest("hex"));
        await writeAll(handle, [encodeHeader({ etag, contentType: options.contentType, cacheControl: options.cacheControl })], 0);
      }
      if (this.#durable && (options.durability ?? "immediate") === "immediate") await handle.sync();
      return { path, etag };
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    } finally {
      await handle.close();
    }
  }

  /**
   * Creates `path` exclusively. `mkdir` runs only for a directory this store has not seen yet, or again
   * when the open finds it gone (a concurrent delete removed it, here or in another process).
   */
  async #createInDirectory(dir: string, path: string): Promise<FileHandle> {
    for (let attempt = 0; ; attempt++) {
      if (!this.#directories.has(dir)) {
        await mkdir(dir, { recursive: true });
        if (this.#directories.size >= MAX_KNOWN_DIRECTORIES) this.#directories.clear();
        this.#directories.add(dir);
      }
      try {
        return await open(path, "wx");
      } catch (error) {
        if (errorCode(error) !== "ENOENT" || attempt >= 8) throw error;
        this.#directories.delete(dir);
      }
    }
  }

  /**
   * Runs under the key's lock: checks the condition, then makes the temp file the object. Returns
   * whether the temp file was consumed (renamed) rather than linked.
   */
  async #publish(key: string, paths: ObjectPaths, temp: string, options: PutOptions): Promise<boolean> {
    let consumed = false;
    if (options.ifNoneMatch === "*") {
      try {
        await link(temp, paths.body);
      } catch (error) {
        if (errorCode(error) === "EEXIST") throw preconditionFailed(key, "If-None-Match", error);
        throw error;
      }
    } else {
      if (options.ifMatch !== undefined) {
        const handle = await openIfExists(paths.body);
        const current = handle === undefined ? undefined : await this.#metadata(key, handle, paths.body).finally(() => handle.close());
        if (current?.metadata.etag !== options.ifMatch) throw preconditionFailed(key, "If-Match");
      }
      await rename(temp, paths.body);
      consumed = true;
    }
    if (!this.#durable || options.durability === "transient") return consumed;
    if (options.durability === "group") {
      this.#pendingFiles.add(paths.body);
      this.#pendingDirectories.add(paths.dir);
      if (this.#pendingFiles.size >= MAX_PENDING_SYNCS) await this.flush();
    } else await syncPath(paths.dir);
    return consumed;
  }
}

/** fsync of a file or directory; one deleted since it was written needs none. */
async function syncPath(path: string): Promise<void> {
  const handle = await openIfExists(path);
  if (handle === undefined) return;
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
