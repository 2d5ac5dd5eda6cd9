/**
 * The one growable big-endian writer every binary layer uses (RTMP messages, AMF0, FLV tags, MPEG-4
 * boxes). What it writes is sized by us, never by a peer.
 */
export class ByteWriter {
  #bytes: Uint8Array;
  #view: DataView;
  #length = 0;

  constructor(initialCapacity = 256) {
    this.#bytes = new Uint8Array(initialCapacity);
    this.#view = new DataView(this.#bytes.buffer);
  }

  get length(): number {
    return this.#length;
  }

  /** Makes room for `extra` bytes and returns where they go (call it before reading #bytes or #view: it may replace them). */
  #reserve(extra: number): number {
    const at = this.#length;
    if (at + extra > this.#bytes.byteLength) {
      const next = new Uint8Array(Math.max(this.#bytes.byteLength * 2, at + extra));
      next.set(this.#bytes.subarray(0, at));
      this.#bytes = next;
      this.#view = new DataView(next.buffer);
    }
    this.#length += extra;
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

  i32(value: number): this {
    const at = this.#reserve(4);
    this.#view.setInt32(at, value);
    return this;
  }

  u64(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`u64 out of range: ${value}`);
    const at = this.#reserve(8);
    this.#view.setBigUint64(at, BigInt(value));
    return this;
  }

  f64(value: number): this {
    const at = this.#reserve(8);
    this.#view.setFloat64(at, value);
    return this;
  }

  fourcc(type: string): this {
    if (type.length !== 4) throw new TypeError(`fourcc must be 4 characters: ${type}`);
    const at = this.#reserve(4);
    for (let i = 0; i < 4; i++) this.#bytes[at + i] = type.charCodeAt(i);
    return this;
  }

  bytes(value: Uint8Array): this {
    const at = this.#reserve(value.byteLength);
    this.#bytes.set(value, at);
    return this;
  }

  /** Writes a box: 32-bit size, type, then whatever `body` writes (ISO/IEC 14496-12 §4.2). */
  box(type: string, body: (w: this) => void): this {
    const start = this.#length;
    this.u32(0).fourcc(type);
    body(this);
    this.#view.setUint32(start, this.#length - start);
    return this;
  }

  /** Writes a FullBox: a box whose payload starts with version (8 bits) and flags (24 bits). */
  fullBox(type: string, version: number, flags: number, body: (w: this) => void): this {
    return this.box(type, (w) => {
      w.u8(version).u24(flags);
      body(w);
    });
  }

  /** The written bytes, as a view: the writer must not be written to afterwards. */
  finish(): Uint8Array {
    return this.#bytes.subarray(0, this.#length);
  }
}
