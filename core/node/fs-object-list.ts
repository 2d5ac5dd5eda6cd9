/**
 * Key-ordered listing for the filesystem store. A depth-first walk visits each directory's entries in
 * the byte order of the keys they hold (a directory `a` sorts as `a/`), which is S3's order overall;
 * subtrees that cannot hold a key under the prefix or after the cursor are never read.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { compareKeys } from "#core/storage/object-key.ts";
import { decodeSegment, isPrefixDirectory, objectNameOf, prefixDirectory } from "./fs-object-layout.ts";

export interface ListedFile {
  key: string;
  path: string;
}

interface Walk {
  prefix: string;
  after: string | undefined;
  /** Stop once this many keys are found. */
  want: number;
  found: ListedFile[];
}

/** Up to `want` object files whose keys start with `prefix` and sort after `after`, in key order. */
export async function listObjectFiles(root: string, prefix: string, after: string | undefined, want: number): Promise<ListedFile[]> {
  const start = prefixDirectory(root, prefix);
  if (start === undefined) return [];
  const walk: Walk = { prefix, after, want, found: [] };
  await visit(start.dir, start.keyPrefix, walk);
  return walk.found;
}

async function entriesOf(dir: string): Promise<{ name: string; directory: boolean }[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.map((entry) => ({ name: entry.name, directory: entry.isDirectory() }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return [];
    throw error;
  }
}

/** Returns true once enough keys are found. */
async function visit(dir: string, keyPrefix: string, walk: Walk): Promise<boolean> {
  const items: { key: string; directory: boolean; path: string }[] = [];
  for (const entry of await entriesOf(dir)) {
    const path = join(dir, entry.name);
    if (entry.directory && isPrefixDirectory(entry.name)) items.push({ key: `${keyPrefix}${decodeSegment(entry.name)}/`, directory: true, path });
    if (!entry.directory) {
      const name = objectNameOf(entry.name);
      if (name !== undefined) items.push({ key: keyPrefix + name, directory: false, path });
    }
  }
  items.sort((a, b) => compareKeys(a.key, b.key));
  const { prefix, after } = walk;
  for (const item of items) {
    if (item.directory) {
      if (!item.key.startsWith(prefix) && !prefix.startsWith(item.key)) continue;
      // Every key below sorts before the cursor unless the cursor itself is below.
      if (after !== undefined && compareKeys(item.key, after) < 0 && !after.startsWith(item.key)) continue;
      if (await visit(item.path, item.key, walk)) return true;
    } else {
      if (!item.key.startsWith(prefix) || (after !== undefined && compareKeys(item.key, after) <= 0)) continue;
      walk.found.push({ key: item.key, path: item.path });
      if (walk.found.length >= walk.want) return true;
    }
  }
  return false;
}
