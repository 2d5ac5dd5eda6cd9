/**
 * The two common-encryption ciphers over one sample, in place (ISO/IEC 23001-7 §10.1 `cenc`, §10.4 `cbcs`).
 * Without subsamples the whole sample is one protected range.
 */
import { createCipheriv, createSecretKey } from "node:crypto";
import type { KeyObject } from "node:crypto";
import type { Subsample } from "../boxes/senc.ts";

const AES_BLOCK = 16;

/** Key objects by key bytes: preparing a raw key dominates a per-sample cipher's cost, so it is done once per key. */
const keyObjects = new WeakMap<Uint8Array, KeyObject>();

function keyObjectOf(key: Uint8Array): KeyObject {
  let object = keyObjects.get(key);
  if (object === undefined) keyObjects.set(key, (object = createSecretKey(key)));
  return object;
}

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
  const cipher = createCipheriv("aes-128-ctr", keyObjectOf(key), counter);
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
    const end = start + length - (length % AES_BLOCK);
    // The CBC chain runs over the encrypted blocks only, so they are gathered, encrypted in one call and put back.
    const spans: [number, number][] = [];
    let total = 0;
    for (let offset = start; offset < end; offset = Math.min(end, offset + run * AES_BLOCK) + skip * AES_BLOCK) {
      const spanEnd = Math.min(end, offset + run * AES_BLOCK);
      spans.push([offset, spanEnd]);
      total += spanEnd - offset;
    }
    if (total === 0) return;
    const cipher = createCipheriv("aes-128-cbc", keyObjectOf(key), iv).setAutoPadding(false);
    if (spans.length === 1) {
      const range = sample.subarray(start, start + total);
      range.set(cipher.update(range));
      return;
    }
    const gathered = new Uint8Array(total);
    let at = 0;
    for (const [from, to] of spans) {
      gathered.set(sample.subarray(from, to), at);
      at += to - from;
    }
    const encrypted = cipher.update(gathered);
    at = 0;
    for (const [from, to] of spans) {
      sample.set(encrypted.subarray(at, at + to - from), from);
      at += to - from;
    }
  });
}
