/** Box header: size, type and the optional 64-bit largesize (ISO/IEC 14496-12 §4.2). */
import { invalidBox } from "./box-error.ts";

export interface BoxHeader {
  type: string;
  /** Whole box size in bytes, header included. */
  size: number;
  /** 8, or 16 with a largesize (a `uuid` box's usertype stays in the payload). */
  headerSize: number;
}

/** The smallest box: 32-bit size plus 32-bit type. */
export const BOX_HEADER_SIZE = 8;

/**
 * Reads the header at `offset`. Returns `undefined` when the header itself is not yet complete.
 * `available` is how many bytes follow `offset`, used when size is 0 ("extends to the end") and
 * `final` says those bytes are all there will ever be. Throws `media.invalid` for sizes smaller
 * than the header or larger than `maxSize`, before anything is allocated.
 */
export function readBoxHeader(view: DataView, offset: number, available: number, maxSize: number, final: boolean): BoxHeader | undefined {
  if (available < BOX_HEADER_SIZE) return undefined;
  const size32 = view.getUint32(offset);
  const type = String.fromCharCode(view.getUint8(offset + 4), view.getUint8(offset + 5), view.getUint8(offset + 6), view.getUint8(offset + 7));
  let size = size32;
  let headerSize = BOX_HEADER_SIZE;
  if (size32 === 1) {
    if (available < 16) return undefined;
    const large = view.getBigUint64(offset + 8);
    if (large > BigInt(maxSize)) throw invalidBox(`box ${printable(type)} largesize ${large} exceeds limit ${maxSize}`, { type: printable(type) });
    size = Number(large);
    headerSize = 16;
  } else if (size32 === 0) {
    // §4.2: size 0 means "to the end of the file"; only knowable once the enclosing bytes are final.
    if (!final) throw invalidBox(`box ${printable(type)} with size 0 inside a stream`, { type: printable(type) });
    size = available;
  }
  if (size < headerSize) throw invalidBox(`box ${printable(type)} size ${size} is smaller than its header`, { type: printable(type) });
  if (size > maxSize) throw invalidBox(`box ${printable(type)} size ${size} exceeds limit ${maxSize}`, { type: printable(type), size });
  return { type, size, headerSize };
}

function printable(type: string): string {
  return /^[\x20-\x7e]{4}$/.test(type) ? type : JSON.stringify(type);
}
