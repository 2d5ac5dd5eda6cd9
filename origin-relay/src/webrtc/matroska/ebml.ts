/**
 * EBML element encoding (RFC 8794): an element is its ID (which carries its own length marker), a
 * variable-size integer data size (§4), then the data. Only what a live Matroska writer needs.
 */
import { concat } from "#core/bytes/concat.ts";

/** The reserved all-ones size: the element runs until its parent ends (§6.2), for live streams. */
export const UNKNOWN_SIZE = Uint8Array.of(0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);

/** A data size as the shortest VINT that holds it (§4.1); all-ones is reserved, so n < 2^(7w) - 1. */
export function vint(value: number): Uint8Array {
  for (let width = 1; width <= 8; width++) {
    if (value < 2 ** (7 * width) - 1) {
      const out = new Uint8Array(width);
      let rest = value;
      for (let i = width - 1; i >= 0; i--) {
        out[i] = rest % 256;
        rest = Math.floor(rest / 256);
      }
      out[0] = (out[0] ?? 0) | (0x80 >> (width - 1));
      return out;
    }
  }
  throw new TypeError(`EBML size ${value} does not fit a VINT`);
}

function idBytes(id: number): Uint8Array {
  const bytes: number[] = [];
  for (let rest = id; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.from(bytes);
}

export function element(id: number, data: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const body = data instanceof Uint8Array ? data : concat([...data]);
  return concat([idBytes(id), vint(body.byteLength), body]);
}

/** A master element of unknown size: its children follow it in the stream. */
export function openElement(id: number): Uint8Array {
  return concat([idBytes(id), UNKNOWN_SIZE]);
}

export function uint(id: number, value: number): Uint8Array {
  const bytes: number[] = [];
  for (let rest = value; rest > 0 || bytes.length === 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return element(id, Uint8Array.from(bytes));
}

export function float(id: number, value: number): Uint8Array {
  const data = new Uint8Array(8);
  new DataView(data.buffer).setFloat64(0, value);
  return element(id, data);
}

export function text(id: number, value: string): Uint8Array {
  return element(id, new TextEncoder().encode(value));
}
