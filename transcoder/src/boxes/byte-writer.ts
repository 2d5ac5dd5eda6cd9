/** A growable big-endian writer used to serialise the boxes the packager rewrites. */

export class ByteWriter {
  #buf = new Uint8Array(256);
  #view = new DataView(this.#buf.buffer);
  #len = 0;

  get length(): number {
    return this.#len;
  }

  #ensure(n: number): void {
    if (this.#len + n <= this.#buf.byteLength) return;
    let size = this.#buf.byteLength * 2;
    while (size < this.#len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.#ensure(1);
    this.#view.setUint8(this.#len, v);
    this.#len += 1;
    return this;
  }

  u16(v: number): this {
    this.#ensure(2);
    this.#view.setUint16(this.#len, v);
    this.#len += 2;
    return this;
  }

  u24(v: number): this {
    return this.u8((v >>> 16) & 0xff).u16(v & 0xffff);
  }

  u32(v: number): this {
    this.#ensure(4);
    this.#view.setUint32(this.#len, v >>> 0);
    this.#len += 4;
    return this;
  }

  i32(v: number): this {
    this.#ensure(4);
    this.#view.setInt32(this.#len, v);
    this.#len += 4;
    return this;
  }

  u64(v: number): this {
    if (!Number.isSafeInteger(v) || v < 0) throw new TypeError(`u64 out of range: ${v}`);
    this.#ensure(8);
    this.#view.setBigUint64(this.#len, BigInt(v));
    this.#len += 8;
    return this;
  }

  fourcc(type: string): this {
    if (type.length !== 4) throw new TypeError(`fourcc must be 4 characters: ${type}`);
    for (let i = 0; i < 4; i++) this.u8(type.charCodeAt(i));
    return this;
  }

  bytes(b: Uint8Array): this {
    this.#ensure(b.byteLength);
    this.#buf.set(b, this.#len);
    this.#len += b.byteLength;
    return this;
  }

  /** Writes a box: 32-bit size, type, then whatever `body` writes (ISO/IEC 14496-12 §4.2). */
  box(type: string, body: (w: this) => void): this {
    const start = this.#len;
    this.u32(0).fourcc(type);
    body(this);
    this.#view.setUint32(start, this.#len - start);
    return this;
  }

  /** Writes a FullBox: a box whose payload starts with version (8 bits) and flags (24 bits). */
  fullBox(type: string, version: number, flags: number, body: (w: this) => void): this {
    return this.box(type, (w) => {
      w.u8(version).u24(flags);
      body(w);
    });
  }

  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}
