/** Text objects (playlists, MPDs) read whole and rewritten with compare-and-swap. */
import { TributaryError, isTributaryError } from "../errors.ts";
import { bodyBytes } from "./object-body.ts";
import type { ObjectStore, PutOptions } from "./object-store.ts";
import { DEFAULT_UPDATE_RETRIES } from "./json.ts";

const decoder = new TextDecoder();

/** The object's text and etag, or `undefined` when it is missing. */
export async function readText(store: Pick<ObjectStore, "get">, key: string): Promise<{ text: string; etag: string } | undefined> {
  const object = await store.get(key);
  return object === undefined ? undefined : { text: decoder.decode(await bodyBytes(object.body)), etag: object.etag };
}

/**
 * Rewrites an existing text object with `ifMatch` on the etag read, re-reading on a lost race; the
 * object's content type and cache control are kept. Throws `storage.not_found` when it is missing and
 * `record.conflict` when every attempt lost a race.
 */
export async function updateText(store: Pick<ObjectStore, "get" | "put">, key: string, update: (text: string) => string, retries = DEFAULT_UPDATE_RETRIES): Promise<string> {
  for (let attempt = 0; attempt <= retries; attempt++) {
    const current = await store.get(key);
    if (current === undefined) throw new TributaryError("storage.not_found", "no object to update", { details: { key } });
    const next = update(decoder.decode(await bodyBytes(current.body)));
    const options: PutOptions = { ifMatch: current.etag };
    if (current.contentType !== undefined) options.contentType = current.contentType;
    if (current.cacheControl !== undefined) options.cacheControl = current.cacheControl;
    try {
      await store.put(key, next, options);
      return next;
    } catch (error) {
      if (!isTributaryError(error, "storage.precondition_failed")) throw error;
    }
  }
  throw new TributaryError("record.conflict", `the object changed under ${retries + 1} attempts to update it; try again`, { details: { key, attempts: retries + 1 } });
}
