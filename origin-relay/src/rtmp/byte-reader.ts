/**
 * A bounds-checked big-endian reader over one complete message. Running past the end is bad input
 * from the peer, so it throws `ingest.protocol` rather than returning garbage.
 */
import { TributaryError } from "#core/errors.ts";

export class ByteReader {
  readonly bytes: Uint8Array;
  offset: number;
  readonly #view: DataView;

  constructor(bytes: Uint8Array, offset = 0) {
    this.bytes = bytes;
    this.offset = offset;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** Throws unless `length` more bytes exist; call before allocating anything the peer sized. */
  need(length: number, what: string): void {
    if (length > this.remaining) {
      throw new TributaryError("ingest.protocol", `truncated ${what}: need ${length} bytes, have ${this.remaining}`, { details: { what } });
    }
  }

  u8(): number {
    this.need(1, "u8");
    return this.bytes[this.offset++] as number;
  }

  u16(): number {
    this.need(2, "u16");
    const value = this.#view.getUint16(this.offset);
    this.offset += 2;
    return value;
  }

  i16(): number {
    this.need(2, "i16");
    const value = this.#view.getInt16(this.offset);
    this.offset += 2;
    return value;
  }

  u24(): number {
    this.need(3, "u24");
    const value = (this.#view.getUint16(this.offset) << 8) | (this.bytes[this.offset + 2] as number);
    this.offset += 3;
    return value;
  }

  /** Signed 24-bit, as FLV's CompositionTime (video_file_format_spec_v10_1 §E.4.3.1). */
  i24(): number {
    const value = this.u24();
    return value & 0x800000 ? value - 0x1000000 : value;
  }

  u32(): number {
    this.need(4, "u32");
    const value = this.#view.getUint32(this.offset);
    this.offset += 4;
    return value;
  }

  f64(): number {
    this.need(8, "f64");
    const value = this.#view.getFloat64(this.offset);
    this.offset += 8;
    return value;
  }

  /** A view (no copy) of the next `length` bytes. */
  take(length: number, what = "bytes"): Uint8Array {
    this.need(length, what);
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  /** A view of everything left. */
  rest(): Uint8Array {
    return this.take(this.remaining);
  }
}
