/** Reads back what a test stored, through the `ObjectStore` port only, so any adapter can be inspected. */
import { bodyBytes } from "../storage/object-body.ts";
import type { ObjectStore } from "../storage/object-store.ts";

/** Every key under `prefix`, in the store's list order (byte order), across all pages. */
export async function storedKeys(store: ObjectStore, prefix = ""): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ prefix, cursor });
    keys.push(...page.objects.map((object) => object.key));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return keys;
}

/** The bytes stored at `key`, or undefined when there is no such object. */
export async function storedBytes(store: ObjectStore, key: string): Promise<Uint8Array | undefined> {
  const object = await store.get(key);
  return object === undefined ? undefined : bodyBytes(object.body);
}

/** The UTF-8 text stored at `key`, or undefined when there is no such object. */
export async function storedText(store: ObjectStore, key: string): Promise<string | undefined> {
  const bytes = await storedBytes(store, key);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}
