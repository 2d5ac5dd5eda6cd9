/** Push-style reader of top-level boxes from a byte stream (an ffmpeg pipe): no sockets, no exceptions for "need more". */
import { concat } from "#core/bytes/concat.ts";
import { readBoxHeader } from "./header.ts";
import type { RawBox } from "./children.ts";

export interface Mp4ReaderOptions {
  /** Largest top-level box accepted; bigger declared sizes are `media.invalid` before anything is allocated. */
  maxBoxSize?: number;
}

/** 64 MiB: a 0.33 s fragment at 100 Mb/s is about 4 MiB, so this bounds memory without refusing real media. */
export const DEFAULT_MAX_BOX_SIZE = 64 * 1024 * 1024;

/** Longest box header: 32-bit size, type, 64-bit largesize. */
const MAX_HEADER_SIZE = 16;

const EMPTY = new Uint8Array(0);

/** A box whose header has been read but whose bytes are still arriving, assembled in place. */
interface PartialBox {
  type: string;
  headerSize: number;
  bytes: Uint8Array;
  filled: number;
}

/**
 * Collects bytes and returns each top-level box once it is complete, keeping the remainder.
 * A box that lies inside one pushed chunk is returned as a view of that chunk (no copy); a box that
 * spans chunks is copied once into a buffer of its declared size. Callers must not reuse the
 * buffers they push while they hold the boxes (a Node stream's chunks are never reused).
 * @example
 * const reader = new Mp4Reader();
 * for (const box of reader.push(chunk)) console.log(box.type, box.bytes.byteLength);
 */
export class Mp4Reader {
  readonly #maxBoxSize: number;
  /** The start of a box whose header is not complete yet (fewer than MAX_HEADER_SIZE bytes). */
  #head: Uint8Array = EMPTY;
  #partial: PartialBox | undefined;

  constructor(options: Mp4ReaderOptions = {}) {
    this.#maxBoxSize = options.maxBoxSize ?? DEFAULT_MAX_BOX_SIZE;
  }

  /** Bytes received but not yet part of a complete box. */
  get buffered(): number {
    return this.#head.byteLength + (this.#partial?.filled ?? 0);
  }

  /** Appends `bytes` and returns every box now complete. */
  push(bytes: Uint8Array): RawBox[] {
    const out: RawBox[] = [];
    let data = bytes;
    if (this.#head.byteLength > 0) {
      // Only the header needs joining: take just enough of `bytes` to read it, then fill in place.
      const joined = concat([this.#head, bytes.subarray(0, MAX_HEADER_SIZE)]);
      const header = readBoxHeader(new DataView(joined.buffer, joined.byteOffset, joined.byteLength), 0, joined.byteLength, this.#maxBoxSize, false);
      if (header === undefined) {
        this.#head = joined;
        return out;
      }
      const partial: PartialBox = { type: header.type, headerSize: header.headerSize, bytes: new Uint8Array(header.size), filled: this.#head.byteLength };
      partial.bytes.set(this.#head);
      this.#head = EMPTY;
      this.#partial = partial;
      data = this.#fill(partial, bytes, out);
    } else if (this.#partial !== undefined) {
      data = this.#fill(this.#partial, bytes, out);
    }
    if (this.#partial !== undefined) return out;
    this.#split(data, out);
    return out;
  }

  /** Drops a partial box, e.g. when the producing process is replaced after a source change. */
  reset(): void {
    this.#head = EMPTY;
    this.#partial = undefined;
  }

  /** Copies what `partial` still needs from `bytes`; emits it when full and returns the unused rest. */
  #fill(partial: PartialBox, bytes: Uint8Array, out: RawBox[]): Uint8Array {
    const take = Math.min(partial.bytes.byteLength - partial.filled, bytes.byteLength);
    partial.bytes.set(bytes.subarray(0, take), partial.filled);
    partial.filled += take;
    if (partial.filled < partial.bytes.byteLength) return EMPTY;
    out.push({ type: partial.type, bytes: partial.bytes, payload: partial.bytes.subarray(partial.headerSize) });
    this.#partial = undefined;
    return bytes.subarray(take);
  }

  /** Returns the boxes complete inside `data` as views and starts the partial one, if any. */
  #split(data: Uint8Array, out: RawBox[]): void {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    let offset = 0;
    while (offset < data.byteLength) {
      const available = data.byteLength - offset;
      const header = readBoxHeader(view, offset, available, this.#maxBoxSize, false);
      if (header === undefined) {
        // A header cut short: copy the few bytes so the chunk is not pinned.
        this.#head = data.slice(offset);
        return;
      }
      if (available < header.size) {
        const partial: PartialBox = { type: header.type, headerSize: header.headerSize, bytes: new Uint8Array(header.size), filled: available };
        partial.bytes.set(data.subarray(offset));
        this.#partial = partial;
        return;
      }
      const boxBytes = data.subarray(offset, offset + header.size);
      out.push({ type: header.type, bytes: boxBytes, payload: boxBytes.subarray(header.headerSize) });
      offset += header.size;
    }
  }
}
