/**
 * Node: a local directory holding plain copies of the usage objects a query needs, so DuckDB can
 * read them as files. An object in the filesystem store begins with its metadata header
 * (fs-object-header.ts), and an S3 store's objects are remote; either way the body is copied once,
 * to `<dir>/<key>`. Usage objects are create-only (`ifNoneMatch: "*"`), so a copy of the same size
 * is the object itself and is never fetched again.
 *
 * Raw NDJSON is read from `usage/<source>/<yyyy>/<mm>/<dd>/<hh>/` and compacted Parquet from
 * `usage-compacted/<source>/<yyyy>/<mm>/<dd>/<hh>/`, for the hours the range touches (records are
 * filed under the hour they describe). An hour present in both forms is read in both: queries
 * dedupe on record id.
 */
import { mkdir, rename, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { layout } from "#core/platform/layout.ts";
import type { ObjectMetadata, ObjectStore } from "#core/storage/object-store.ts";
import { usageSources } from "#core/usage/usage-record.ts";
import type { UsageQueryScope } from "#core/billing/usage-query-engine.ts";

/** Where compacted hours are kept (Parquet). */
export const COMPACTED_USAGE_PREFIX = "usage-compacted/";

/** Objects fetched at once while mirroring. */
const PARALLEL_FETCHES = 8;

export interface MirroredUsage {
  /** Local paths of gzip NDJSON objects. */
  ndjson: string[];
  /** Local paths of Parquet objects. */
  parquet: string[];
}

const pad = (n: number) => String(n).padStart(2, "0");
const hourPath = (t: Date) => `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())}/${pad(t.getUTCHours())}`;

/** The `yyyy/mm/dd/hh` hours from the one holding `from` to the one holding the last instant before `to`. */
export function scopeHours(scope: UsageQueryScope): string[] {
  const hours: string[] = [];
  const last = Date.parse(scope.to) - 1;
  for (let t = Math.floor(Date.parse(scope.from) / 3_600_000) * 3_600_000; t <= last; t += 3_600_000) hours.push(hourPath(new Date(t)));
  return hours;
}

async function listAll(store: ObjectStore, prefix: string): Promise<ObjectMetadata[]> {
  const objects: ObjectMetadata[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ prefix, ...(cursor === undefined ? {} : { cursor }) });
    objects.push(...page.objects);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return objects;
}

/** The usage objects covering `scope`, by listing each day once per source and keeping the scope's hours. */
async function scopeObjects(store: ObjectStore, scope: UsageQueryScope): Promise<ObjectMetadata[]> {
  const hours = new Set(scopeHours(scope));
  const days = [...new Set([...hours].map((h) => h.slice(0, 10)))];
  const prefixes = [layout.usage.prefix, COMPACTED_USAGE_PREFIX].flatMap((root) => usageSources.flatMap((source) => days.map((day) => `${root}${source}/${day}/`)));
  const listed = await Promise.all(prefixes.map((p) => listAll(store, p)));
  return listed.flat().filter((o) => hours.has(o.key.split("/").slice(2, 6).join("/")) && (o.key.endsWith(".ndjson.gz") || o.key.endsWith(".parquet")));
}

export class UsageMirror {
  readonly #store: ObjectStore;
  readonly #dir: string;

  constructor(store: ObjectStore, dir: string) {
    this.#store = store;
    this.#dir = resolve(dir);
  }

  /** Copies what `scope` needs and is not here yet; returns every local file for it. */
  async sync(scope: UsageQueryScope): Promise<MirroredUsage> {
    const objects = await scopeObjects(this.#store, scope);
    const paths: string[] = [];
    for (let i = 0; i < objects.length; i += PARALLEL_FETCHES) {
      const copied = await Promise.all(objects.slice(i, i + PARALLEL_FETCHES).map((o) => this.#copy(o)));
      paths.push(...copied.filter((p) => p !== undefined));
    }
    return { ndjson: paths.filter((p) => p.endsWith(".ndjson.gz")), parquet: paths.filter((p) => p.endsWith(".parquet")) };
  }

  #pathOf(key: string): string {
    const path = resolve(join(this.#dir, ...key.split("/")));
    if (!path.startsWith(this.#dir + sep)) throw new TypeError(`usage key outside the mirror: ${key}`);
    return path;
  }

  /** The local path of `object`, copied if needed; `undefined` when it was deleted since the listing. */
  async #copy(object: ObjectMetadata): Promise<string | undefined> {
    const path = this.#pathOf(object.key);
    const existing = await stat(path).catch(() => undefined);
    if (existing?.size === object.size) return path;
    const stored = await this.#store.get(object.key);
    if (stored === undefined) return undefined;
    const body = new Uint8Array(await new Response(stored.body).arrayBuffer());
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, body);
    await rename(temp, path);
    return path;
  }
}
