/**
 * The two common-encryption ciphers over one sample, in place (ISO/IEC 23001-7 §10.1 `cenc`, §10.4 `cbcs`).
 * Without subsamples the whole sample is one protected range.
 */
import { createCipheriv } from "node:crypto";
import type { Subsample } from "../boxes/senc.ts";

const AES_BLOCK = 16;

/** Calls `each(start, length)` for every protected range of `sample`, in order. */
function protectedRanges(sampleLength: number, subsamples: readonly Subsample[] | undefined, each: (start: number, length: number) => void): void {
  if (subsamples === undefined) {
    each(0, sampleLength);
    return;
  }
  let offset = 0;
  for (const s of subsamples) {
    offset += s.BytesOfClearData;
    if (s.BytesOfProtectedData > 0) each(offset, s.BytesOfProtectedData);
    offset += s.BytesOfProtectedData;
  }
  if (offset !== sampleLength) throw new TypeError(`subsamples cover ${offset} of ${sampleLength} bytes`);
}

/**
 * `cenc`: AES-CTR with the 8-byte IV as the counter block's upper half (§10.1); the key stream runs on
 * across the protected ranges of a sample, as if they were one.
 */
export function encryptCtr(key: Uint8Array, iv: Uint8Array, sample: Uint8Array, subsamples: readonly Subsample[] | undefined): void {
  const counter = new Uint8Array(AES_BLOCK);
  counter.set(iv);
  const cipher = createCipheriv("aes-128-ctr", key, counter);
  protectedRanges(sample.byteLength, subsamples, (start, length) => {
    const range = sample.subarray(start, start + length);
    range.set(cipher.update(range));
  });
}

/**
 * `cbcs`: AES-CBC from the constant IV at the start of every protected range, over `crypt` blocks then
 * leaving `skip` blocks clear, repeated (§10.4.2). A pattern of 0:0 encrypts every whole block. A
 * final partial block always stays clear.
 */
export function encryptCbcs(key: Uint8Array, iv: Uint8Array, sample: Uint8Array, subsamples: readonly Subsample[] | undefined, crypt: number, skip: number): void {
  const run = crypt === 0 && skip === 0 ? Number.MAX_SAFE_INTEGER : crypt;
  protectedRanges(sample.byteLength, subsamples, (start, length) => {
    const cipher = createCipheriv("aes-128-cbc", key, iv).setAutoPadding(false);
    let offset = start;
    const end = start + length - (length % AES_BLOCK);
    while (offset < end) {
      const cryptEnd = Math.min(end, offset + run * AES_BLOCK);
      const range = sample.subarray(offset, cryptEnd);
      range.set(cipher.update(range));
      offset = cryptEnd + skip * AES_BLOCK;
    }
  });
}
