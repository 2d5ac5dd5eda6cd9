import { concat as concatParts } from "#core/bytes/concat.ts";

/** Test helper: byte fixtures written as commented hex ("02 00 03 61 62 63" with spaces or newlines). */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/#[^\n]*/g, "").replace(/\s+/g, "");
  if (clean.length % 2 !== 0) throw new TypeError(`odd hex length: ${clean}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Concatenates byte arrays (always a new array, so tests may mutate the result). */
export function concat(...parts: Uint8Array[]): Uint8Array {
  return concatParts([new Uint8Array(0), ...parts]);
}
