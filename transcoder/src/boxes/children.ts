/** Splits a container's payload into its child boxes (ISO/IEC 14496-12 §4.2: boxes nest by size). */
import { invalidBox } from "./box-error.ts";
import { readBoxHeader } from "./header.ts";

/** One box as bytes: `bytes` is the whole box, `payload` what follows the header. Both are views. */
export interface RawBox {
  type: string;
  bytes: Uint8Array;
  payload: Uint8Array;
}

/** Every child box in `payload`; a child that overruns its parent is `media.invalid`. */
export function readChildren(payload: Uint8Array): RawBox[] {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const out: RawBox[] = [];
  let offset = 0;
  while (offset < payload.byteLength) {
    const available = payload.byteLength - offset;
    const header = readBoxHeader(view, offset, available, available, true);
    if (header === undefined) throw invalidBox(`truncated child box header (${available} bytes left)`);
    const bytes = payload.subarray(offset, offset + header.size);
    out.push({ type: header.type, bytes, payload: bytes.subarray(header.headerSize) });
    offset += header.size;
  }
  return out;
}

/** The first child of `type`, or `undefined`. */
export function findChild(children: readonly RawBox[], type: string): RawBox | undefined {
  return children.find((c) => c.type === type);
}

/** The first child of `type`; throws `media.invalid` naming the parent when it is missing. */
export function requireChild(children: readonly RawBox[], type: string, parent: string): RawBox {
  const child = findChild(children, type);
  if (child === undefined) throw invalidBox(`${parent} has no ${type}`);
  return child;
}
