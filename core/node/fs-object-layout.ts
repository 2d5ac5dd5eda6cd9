/**
 * Where the filesystem store keeps an object. Each key segment becomes a directory or file name with
 * `%` and `~` percent-escaped, so names containing `~` are ours alone: bodies end in `~obj`, temp files
 * contain `~tmp-`. That keeps `a` and `a/b` apart (S3 allows both) and lets listings skip temp files.
 */
import { join, sep } from "node:path";
import { TributaryError } from "#core/errors.ts";
import { assertObjectKey } from "#core/storage/object-key.ts";

export const OBJECT_SUFFIX = "~obj";
const TEMP_INFIX = "~tmp-";
/** Room left in a 255-byte file name for the longest suffix we add (`~tmp-` + 16 hex). */
const MAX_ENCODED_SEGMENT_BYTES = 255 - TEMP_INFIX.length - 16;

export interface ObjectPaths {
  /** The directory holding the body. */
  dir: string;
  /** The committed object: header then body. */
  body: string;
}

export function encodeSegment(segment: string): string {
  return segment.replaceAll("%", "%25").replaceAll("~", "%7E");
}

export function decodeSegment(name: string): string {
  return name.replaceAll("%7E", "~").replaceAll("%25", "%");
}

/** A directory entry that is a committed object body (not a temp file). */
export function objectNameOf(fileName: string): string | undefined {
  if (!fileName.endsWith(OBJECT_SUFFIX)) return undefined;
  const name = fileName.slice(0, -OBJECT_SUFFIX.length);
  return name.includes("~") ? undefined : decodeSegment(name);
}

/** A directory entry that is a key-prefix directory. */
export function isPrefixDirectory(name: string): boolean {
  return !name.includes("~");
}

/** Resolves `key` below `root`; throws `storage.invalid_key` for keys that cannot be stored safely. */
export function objectPaths(root: string, key: string): ObjectPaths {
  const segments = assertObjectKey(key).split("/").map(encodeSegment);
  for (const segment of segments) {
    if (Buffer.byteLength(segment) > MAX_ENCODED_SEGMENT_BYTES) {
      throw new TributaryError("storage.invalid_key", "invalid object key: segment too long for the filesystem store", { details: { key: key.slice(0, 128) } });
    }
  }
  const last = segments.pop() as string;
  const dir = join(root, ...segments);
  const body = join(dir, last + OBJECT_SUFFIX);
  // Defence in depth: validated segments can never leave the root.
  if (!body.startsWith(root + sep)) throw new TributaryError("storage.invalid_key", "invalid object key: outside the store root");
  return { dir, body };
}

/** A fresh temp file name beside the body, unique across processes. */
export function tempPath(paths: ObjectPaths, random: string): string {
  return `${paths.body.slice(0, -OBJECT_SUFFIX.length)}${TEMP_INFIX}${random}`;
}

/** The directory that holds every key starting with `prefix`, or `undefined` when no valid key can. */
export function prefixDirectory(root: string, prefix: string): { dir: string; keyPrefix: string } | undefined {
  const keyPrefix = prefix.slice(0, prefix.lastIndexOf("/") + 1);
  if (keyPrefix === "") return { dir: root, keyPrefix };
  try {
    const { dir } = objectPaths(root, `${keyPrefix}x`);
    return { dir, keyPrefix };
  } catch {
    return undefined;
  }
}
