/** A bounds-checked big-endian cursor over a box payload (ISO/IEC 14496-12 §4.2 uses network byte order). */
import { invalidBox } from "./box-error.ts";

export class ByteReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  offset = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.byteLength - this.offset;
  }

  /** Throws `media.invalid` unless `n` more bytes are present. */
  need(n: number, what: string): void {
    if (n < 0 || n > this.remaining) throw invalidBox(`truncated ${what}: need ${n} bytes, have ${this.remaining}`);
  }

  u8(what = "u8"): number {
    this.need(1, what);
    return this.view.getUint8(this.offset++);
  }

  u16(what = "u16"): number {
    this.need(2, what);
    const v = this.view.getUint16(this.offset);
    this.offset += 2;
    return v;
  }

  u24(what = "u24"): number {
    this.need(3, what);
    const v = (this.view.getUint16(this.offset) << 8) | this.view.getUint8(this.offset + 2);
    this.offset += 3;
    return v;
  }

  u32(what = "u32"): number {
    this.need(4, what);
    const v = this.view.getUint32(this.offset);
    this.offset += 4;
    return v;
  }

  i32(what = "i32"): number {
    this.need(4, what);
    const v = this.view.getInt32(this.offset);
    this.offset += 4;
    return v;
  }

  /** A 64-bit unsigned field as a number; values past 2^53 cannot be timed exactly and are rejected. */
  u64(what = "u64"): number {
    this.need(8, what);
    const v = this.view.getBigUint64(this.offset);
    this.offset += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw invalidBox(`${what} exceeds 2^53`);
    return Number(v);
  }

  fourcc(what = "fourcc"): string {
    this.need(4, what);
    const b = this.bytes;
    const o = this.offset;
    this.offset += 4;
    return String.fromCharCode(b[o] ?? 0, b[o + 1] ?? 0, b[o + 2] ?? 0, b[o + 3] ?? 0);
  }

  /** A view (not a copy) of the next `n` bytes. */
  take(n: number, what = "bytes"): Uint8Array {
    this.need(n, what);
    const v = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  skip(n: number, what = "reserved"): void {
    this.need(n, what);
    this.offset += n;
  }

  rest(): Uint8Array {
    return this.take(this.remaining);
  }
}
