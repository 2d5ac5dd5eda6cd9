/** Push-style reader of top-level boxes from a byte stream (an ffmpeg pipe): no sockets, no exceptions for "need more". */
import { readBoxHeader } from "./header.ts";
import type { RawBox } from "./children.ts";

export interface Mp4ReaderOptions {
  /** Largest top-level box accepted; bigger declared sizes are `media.invalid` before anything is allocated. */
  maxBoxSize?: number;
}

/** 64 MiB: a 0.33 s fragment at 100 Mb/s is about 4 MiB, so this bounds memory without refusing real media. */
export const DEFAULT_MAX_BOX_SIZE = 64 * 1024 * 1024;

/**
 * Collects bytes and returns each top-level box once it is complete, keeping the remainder.
 * @example
 * const reader = new Mp4Reader();
 * for (const box of reader.push(chunk)) console.log(box.type, box.bytes.byteLength);
 */
export class Mp4Reader {
  readonly #maxBoxSize: number;
  #pending: Uint8Array = new Uint8Array(0);

  constructor(options: Mp4ReaderOptions = {}) {
    this.#maxBoxSize = options.maxBoxSize ?? DEFAULT_MAX_BOX_SIZE;
  }

  /** Bytes received but not yet part of a complete box. */
  get buffered(): number {
    return this.#pending.byteLength;
  }

  /** Appends `bytes` and returns every box now complete; returned boxes own their bytes. */
  push(bytes: Uint8Array): RawBox[] {
    const data = this.#pending.byteLength === 0 ? bytes : concat(this.#pending, bytes);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const out: RawBox[] = [];
    let offset = 0;
    while (true) {
      const header = readBoxHeader(view, offset, data.byteLength - offset, this.#maxBoxSize, false);
      if (header === undefined || data.byteLength - offset < header.size) break;
      // Copy the box out so consumers never hold a view that pins the caller's chunk buffers.
      const boxBytes = data.slice(offset, offset + header.size);
      out.push({ type: header.type, bytes: boxBytes, payload: boxBytes.subarray(header.headerSize) });
      offset += header.size;
    }
    this.#pending = offset === data.byteLength ? new Uint8Array(0) : data.slice(offset);
    return out;
  }

  /** Drops a partial box, e.g. when the producing process is replaced after a source change. */
  reset(): void {
    this.#pending = new Uint8Array(0);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}
