/**
 * JSON documents in an `ObjectStore` with optimistic concurrency: read a value with its etag, and
 * update it by compare-and-swap (If-Match, or If-None-Match: * when absent), retrying on conflict,
 * so concurrent writers never lose an update (ARCHITECTURE.md "Storage layout").
 */
import type { z } from "zod";
import { TributaryError, isTributaryError } from "../errors.ts";
import { bodyBytes } from "./object-body.ts";
import type { ObjectStore } from "./object-store.ts";

export interface JsonDocument<T> {
  value: T;
  /** The etag of the stored object the value came from (or was written as). */
  etag: string;
}

export interface UpdateJsonOptions<T> {
  /** Validates the stored value before `update` sees it, and the new value before it is written. */
  schema?: z.ZodType<T>;
  /** Attempts after the first when another writer got in between (default 16). */
  retries?: number;
  cacheControl?: string;
}

export const DEFAULT_UPDATE_RETRIES = 16;

function invalid(key: string, message: string, cause?: unknown): TributaryError {
  return new TributaryError("record.invalid", `${key}: ${message}`, { details: { key }, cause });
}

function validate<T>(key: string, value: unknown, schema: z.ZodType<T> | undefined): T {
  if (schema === undefined) return value as T;
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(key, "does not match its schema", result.error);
  return result.data;
}

/**
 * Reads and parses the JSON document at `key`; `undefined` when absent. Throws `record.invalid` when
 * the object is not JSON or does not match `schema`.
 * @example const stream = await readJson(store, keys.stream(id), streamRecordSchema);
 */
/** The body's bytes; a connection lost partway through is `storage.unavailable`, like one lost before the answer. */
async function readBody(key: string, body: Parameters<typeof bodyBytes>[0]): Promise<Uint8Array> {
  try {
    return await bodyBytes(body);
  } catch (error) {
    if (error instanceof TributaryError) throw error;
    throw new TributaryError("storage.unavailable", `object store read of ${key} broke off`, { details: { operation: "get", key }, cause: error });
  }
}

export async function readJson(store: Pick<ObjectStore, "get">, key: string): Promise<JsonDocument<unknown> | undefined>;
export async function readJson<T>(store: Pick<ObjectStore, "get">, key: string, schema: z.ZodType<T>): Promise<JsonDocument<T> | undefined>;
export async function readJson<T>(store: Pick<ObjectStore, "get">, key: string, schema?: z.ZodType<T>): Promise<JsonDocument<T> | undefined> {
  const object = await store.get(key);
  if (object === undefined) return undefined;
  const text = new TextDecoder().decode(await readBody(key, object.body));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalid(key, "is not valid JSON", error);
  }
  return { value: validate(key, parsed, schema), etag: object.etag };
}

/**
 * Applies `update` to the current value (`undefined` when absent) and writes the result only if no
 * one else wrote in between; on a conflict it re-reads and calls `update` again. Throwing from
 * `update` aborts without writing. Throws `record.conflict` when every attempt lost a race.
 * @example await updateJson(store, key, (n: number | undefined) => (n ?? 0) + 1);
 */
export async function updateJson<T>(
  store: ObjectStore,
  key: string,
  update: (current: T | undefined) => T | Promise<T>,
  options: UpdateJsonOptions<T> = {},
): Promise<JsonDocument<T>> {
  const retries = options.retries ?? DEFAULT_UPDATE_RETRIES;
  if (!Number.isSafeInteger(retries) || retries < 0) throw new TypeError("retries must be a non-negative integer");
  for (let attempt = 0; attempt <= retries; attempt++) {
    const current = options.schema === undefined ? ((await readJson(store, key)) as JsonDocument<T> | undefined) : await readJson(store, key, options.schema);
    const next = validate(key, await update(current?.value), options.schema);
    const condition = current === undefined ? { ifNoneMatch: "*" as const } : { ifMatch: current.etag };
    try {
      const { etag } = await store.put(key, JSON.stringify(next), { contentType: "application/json", cacheControl: options.cacheControl, ...condition });
      return { value: next, etag };
    } catch (error) {
      if (!isTributaryError(error, "storage.precondition_failed")) throw error;
    }
  }
  throw new TributaryError("record.conflict", `the record changed under ${retries + 1} attempts to update it; try again`, { details: { key, attempts: retries + 1 } });
}
