/** A growable big-endian writer for the messages we send; sizes are ours, so it never sees peer input. */
export class ByteWriter {
  #bytes: Uint8Array;
  #view: DataView;
  length = 0;

  constructor(initialCapacity = 256) {
    this.#bytes = new Uint8Array(initialCapacity);
    this.#view = new DataView(this.#bytes.buffer);
  }

  #reserve(extra: number): number {
    const at = this.length;
    if (at + extra > this.#bytes.length) {
      const next = new Uint8Array(Math.max(this.#bytes.length * 2, at + extra));
      next.set(this.#bytes.subarray(0, at));
      this.#bytes = next;
      this.#view = new DataView(next.buffer);
    }
    this.length += extra;
    return at;
  }

  u8(value: number): this {
    const at = this.#reserve(1);
    this.#bytes[at] = value;
    return this;
  }

  u16(value: number): this {
    const at = this.#reserve(2);
    this.#view.setUint16(at, value);
    return this;
  }

  i16(value: number): this {
    const at = this.#reserve(2);
    this.#view.setInt16(at, value);
    return this;
  }

  u24(value: number): this {
    const at = this.#reserve(3);
    this.#bytes[at] = (value >>> 16) & 0xff;
    this.#bytes[at + 1] = (value >>> 8) & 0xff;
    this.#bytes[at + 2] = value & 0xff;
    return this;
  }

  u32(value: number): this {
    const at = this.#reserve(4);
    this.#view.setUint32(at, value >>> 0);
    return this;
  }

  u32le(value: number): this {
    const at = this.#reserve(4);
    this.#view.setUint32(at, value >>> 0, true);
    return this;
  }

  f64(value: number): this {
    const at = this.#reserve(8);
    this.#view.setFloat64(at, value);
    return this;
  }

  bytes(value: Uint8Array): this {
    const at = this.#reserve(value.length);
    this.#bytes.set(value, at);
    return this;
  }

  /** The written bytes (a view; the writer must not be reused afterwards). */
  finish(): Uint8Array {
    return this.#bytes.subarray(0, this.length);
  }
}
