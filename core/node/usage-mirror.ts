/**
 * Node: a local directory holding plain copies of the usage objects a query reads, so DuckDB can
 * read them as files. An object in the filesystem store begins with its metadata header
 * (fs-object-header.ts), and an S3 store's objects are remote; either way the body is copied once,
 * to `<dir>/<key>/<etag>.<ext>`: raw usage objects are create-only, and a recompacted hour's Parquet
 * gets a new etag and so a new copy.
 *
 * Which objects a range needs is the read plan (usage/usage-read-plan.ts): compacted hours from
 * their Parquet, raw hours (and batches that landed after compaction) from gzip NDJSON.
 */
import { mkdir, rename, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { UsageQueryScope } from "#core/billing/usage-query-engine.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { planUsageRead } from "./usage/usage-read-plan.ts";

/** Objects fetched at once while mirroring. */
const PARALLEL_FETCHES = 8;

export interface MirroredUsage {
  /** Local paths of gzip NDJSON objects. */
  ndjson: string[];
  /** Local paths of Parquet objects. */
  parquet: string[];
}

export class UsageMirror {
  readonly #store: ObjectStore;
  readonly #dir: string;

  constructor(store: ObjectStore, dir: string) {
    this.#store = store;
    this.#dir = resolve(dir);
  }

  /** Copies what `scope` reads and is not here yet; returns every local file for it. */
  async sync(scope: UsageQueryScope): Promise<MirroredUsage> {
    const plan = await planUsageRead(this.#store, scope);
    return { ndjson: await this.#copyAll(plan.raw, ".ndjson.gz"), parquet: await this.#copyAll(plan.parquet, ".parquet") };
  }

  async #copyAll(keys: readonly string[], extension: string): Promise<string[]> {
    const paths: string[] = [];
    for (let i = 0; i < keys.length; i += PARALLEL_FETCHES) {
      const copied = await Promise.all(keys.slice(i, i + PARALLEL_FETCHES).map((key) => this.#copy(key, extension)));
      paths.push(...copied.filter((p) => p !== undefined));
    }
    return paths;
  }

  #pathOf(key: string, etag: string, extension: string): string {
    const path = resolve(join(this.#dir, ...key.split("/"), `${etag.replace(/[^A-Za-z0-9]/g, "").slice(0, 64) || "object"}${extension}`));
    if (!path.startsWith(this.#dir + sep)) throw new TypeError(`usage key outside the mirror: ${key}`);
    return path;
  }

  /** The local path of the object at `key`, copied if needed; `undefined` when it was deleted since the plan. */
  async #copy(key: string, extension: string): Promise<string | undefined> {
    const head = await this.#store.head(key);
    if (head === undefined) return undefined;
    const path = this.#pathOf(key, head.etag, extension);
    if ((await stat(path).catch(() => undefined))?.size === head.size) return path;
    const stored = await this.#store.get(key);
    if (stored === undefined) return undefined;
    // A write between head and get gives a newer body; it is filed under its own etag.
    const target = stored.etag === head.etag ? path : this.#pathOf(key, stored.etag, extension);
    const body = new Uint8Array(await new Response(stored.body).arrayBuffer());
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, body);
    await rename(temp, target);
    return target;
  }
}
