/** Conversions between `ObjectBody` forms and the byte-range arithmetic adapters share. */
import { TributaryError } from "../errors.ts";
import type { GetOptions, ObjectBody } from "./object-store.ts";

const encoder = new TextEncoder();

/** Yields a body's bytes chunk by chunk, pulling a stream only as fast as the consumer goes. */
export async function* bodyChunks(body: ObjectBody): AsyncGenerator<Uint8Array> {
  if (typeof body === "string") return yield encoder.encode(body);
  if (body instanceof Uint8Array) return yield body;
  const reader = body.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    reader.releaseLock();
  }
}

/** Reads any body into one byte array (used where an adapter must hold the whole object). */
export async function bodyBytes(body: ObjectBody): Promise<Uint8Array> {
  if (typeof body === "string") return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of bodyChunks(body)) {
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Wraps bytes as a one-chunk stream. */
export function bytesStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** Throws `TypeError` unless `start` is a non-negative integer and `end`, when given, is an integer >= start. */
export function assertRange(range: NonNullable<GetOptions["range"]>): NonNullable<GetOptions["range"]> {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || start < 0) throw new TypeError("range start must be a non-negative integer");
  if (end !== undefined && (!Number.isSafeInteger(end) || end < start)) throw new TypeError("range end must be an integer >= start");
  return range;
}

/**
 * Resolves a requested range against an object's size to inclusive offsets, as HTTP does
 * (RFC 9110 §14.1.2: an end past the last byte is clamped). Throws `storage.range_not_satisfiable`
 * when the first byte is not in the object.
 */
export function resolveRange(range: NonNullable<GetOptions["range"]>, size: number): { start: number; end: number } {
  const { start, end } = assertRange(range);
  if (start >= size) {
    throw new TributaryError("storage.range_not_satisfiable", "range starts past the end of the object", { details: { size, start } });
  }
  return { start, end: Math.min(end ?? size - 1, size - 1) };
}
