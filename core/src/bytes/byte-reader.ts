/**
 * The one bounds-checked big-endian reader every binary layer uses (RTMP messages, AMF0, FLV tag
 * bodies, MPEG-4 boxes). Running past the end is bad input from a peer, never garbage: it throws a
 * TributaryError whose code the layer chooses (`media.invalid` for media, `ingest.protocol` for RTMP).
 */
import { TributaryError, type ErrorCode } from "../errors.ts";

/** What a truncated or out-of-range read throws. */
export interface ReadFailure {
  code: ErrorCode;
  /** Whether the stream cannot be resynchronised after it (a box stream cannot; an RTMP message can be skipped). */
  fatal: boolean;
}

/** Malformed media (boxes, codec configurations): the stream cannot be resynchronised. */
export const MEDIA_INVALID: ReadFailure = { code: "media.invalid", fatal: true };

export class ByteReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  offset: number;
  readonly #failure: ReadFailure;

  constructor(bytes: Uint8Array, offset = 0, failure: ReadFailure = MEDIA_INVALID) {
    this.bytes = bytes;
    this.offset = offset;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#failure = failure;
  }

  get remaining(): number {
    return this.bytes.byteLength - this.offset;
  }

  /** Throws unless `n` more bytes exist; call before allocating anything the peer sized. */
  need(n: number, what: string): void {
    if (n < 0 || n > this.remaining) this.fail(`truncated ${what}: need ${n} bytes, have ${this.remaining}`, { what });
  }

  /** Throws this reader's error: for checks the caller makes on what it read. */
  fail(message: string, details?: Record<string, unknown>): never {
    throw new TributaryError(this.#failure.code, message, { fatal: this.#failure.fatal, ...(details === undefined ? {} : { details }) });
  }

  u8(what = "u8"): number {
    this.need(1, what);
    return this.bytes[this.offset++] as number;
  }

  u16(what = "u16"): number {
    this.need(2, what);
    const v = this.view.getUint16(this.offset);
    this.offset += 2;
    return v;
  }

  i16(what = "i16"): number {
    this.need(2, what);
    const v = this.view.getInt16(this.offset);
    this.offset += 2;
    return v;
  }

  u24(what = "u24"): number {
    this.need(3, what);
    const v = (this.view.getUint16(this.offset) << 8) | (this.bytes[this.offset + 2] as number);
    this.offset += 3;
    return v;
  }

  /** Signed 24-bit, as FLV's CompositionTime (video_file_format_spec_v10_1 §E.4.3.1). */
  i24(what = "i24"): number {
    const v = this.u24(what);
    return v & 0x800000 ? v - 0x1000000 : v;
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
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`${what} exceeds 2^53`);
    return Number(v);
  }

  f64(what = "f64"): number {
    this.need(8, what);
    const v = this.view.getFloat64(this.offset);
    this.offset += 8;
    return v;
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

  /** A view of everything left. */
  rest(): Uint8Array {
    return this.take(this.remaining);
  }
}
