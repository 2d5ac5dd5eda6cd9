/**
 * The fixed-size header at the start of every stored object file: the metadata `head` needs, written
 * in the same file as the body so one rename publishes both (no sidecar that could disagree).
 * Format: `TRIBUTARY-OBJECT/1 ` + JSON, padded with spaces to 1023 bytes, then `\n`; the body follows.
 */
import type { FileHandle } from "node:fs/promises";
import { TributaryError } from "#core/errors.ts";

export const HEADER_BYTES = 1024;
const MAGIC = "TRIBUTARY-OBJECT/1 ";

export interface ObjectHeader {
  etag: string;
  contentType?: string | undefined;
  cacheControl?: string | undefined;
}

export function encodeHeader(header: ObjectHeader): Uint8Array {
  const json = JSON.stringify({ etag: header.etag, contentType: header.contentType, cacheControl: header.cacheControl });
  const bytes = Buffer.alloc(HEADER_BYTES, " ");
  const written = bytes.write(MAGIC + json, 0, "utf8");
  // Put options are validated to at most 2 × 256 ASCII characters, so this only guards our own bugs.
  if (written !== Buffer.byteLength(MAGIC + json) || written >= HEADER_BYTES) throw new TypeError("object header does not fit");
  bytes[HEADER_BYTES - 1] = 0x0a;
  return bytes;
}

function corrupt(path: string, cause?: unknown): TributaryError {
  return new TributaryError("storage.unavailable", "stored object has a corrupt header", { details: { path }, cause, fatal: true });
}

export function decodeHeader(bytes: Uint8Array, path: string): ObjectHeader {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  if (bytes.byteLength !== HEADER_BYTES || !text.startsWith(MAGIC)) throw corrupt(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(MAGIC.length));
  } catch (error) {
    throw corrupt(path, error);
  }
  const { etag, contentType, cacheControl } = (parsed ?? {}) as Record<string, unknown>;
  const optional = (value: unknown) => value === undefined || typeof value === "string";
  if (typeof etag !== "string" || !optional(contentType) || !optional(cacheControl)) throw corrupt(path);
  return { etag, contentType: contentType as string | undefined, cacheControl: cacheControl as string | undefined };
}

/** Reads the header and the body's size and mtime from an open object file. */
export async function readHeader(handle: FileHandle, path: string): Promise<{ header: ObjectHeader; size: number; lastModified: Date }> {
  const buffer = Buffer.alloc(HEADER_BYTES);
  const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
  const stat = await handle.stat();
  return { header: decodeHeader(buffer.subarray(0, bytesRead), path), size: stat.size - HEADER_BYTES, lastModified: stat.mtime };
}
