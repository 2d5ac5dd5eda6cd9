/**
 * The `cbcs` scheme (ISO/IEC 23001-7 §10.4): AES-128-CBC with one constant IV per key (in `tenc`).
 * Video: pattern 1:9 over the slice data after each slice header. Audio: every whole 16-byte block of
 * the sample (pattern 0:0, §10.4.2), a final partial block left clear.
 */
import { createHash } from "node:crypto";
import type { ProtectedTrack } from "./protected-track.ts";
import { CommonEncryptor } from "./common-encryptor.ts";
import type { ContentKey, MediaEncryptor } from "./media-encryptor.ts";
import { encryptCbcs } from "./sample-ciphers.ts";

/** Crypt 1 block, skip 9 (ISO/IEC 23001-7 §10.4.2, the pattern CMAF and HLS SAMPLE-AES use for video). */
export const CBCS_VIDEO_PATTERN = { crypt: 1, skip: 9 } as const;

const NO_IV = new Uint8Array(0);

/**
 * The key's constant IV, or one derived from its KID when the key provider gave none: the same key
 * always gets the same IV, so every header and fragment under it agree across restarts.
 */
export function cbcsConstantIv(key: ContentKey): Uint8Array {
  if (key.iv !== undefined) {
    if (key.iv.byteLength !== 16) throw new TypeError("a cbcs constant IV is 16 bytes");
    return key.iv;
  }
  let iv = derivedIvs.get(key.kid);
  if (iv === undefined) derivedIvs.set(key.kid, (iv = new Uint8Array(createHash("sha256").update("tributary cbcs constant IV").update(key.kid).digest().subarray(0, 16))));
  return iv;
}

/** Derived IVs by KID bytes, so a sample does not hash again. */
const derivedIvs = new WeakMap<Uint8Array, Uint8Array>();

const patternOf = (track: ProtectedTrack) => (track.kind === "video" ? CBCS_VIDEO_PATTERN : { crypt: 0, skip: 0 });

/** @example const encryptor = createCbcsEncryptor(); const init = encryptor.init(clearInit, key); */
export function createCbcsEncryptor(): MediaEncryptor {
  return new CommonEncryptor({
    scheme: "cbcs",
    tenc: (track, key) => {
      const { crypt, skip } = patternOf(track);
      return { version: 1, default_crypt_byte_block: crypt, default_skip_byte_block: skip, default_isProtected: 1, default_Per_Sample_IV_Size: 0, default_KID: key.kid, default_constant_IV: cbcsConstantIv(key) };
    },
    subsamples: { alignProtected: false, allowHevcHeaderOnly: false },
    nextIv: () => NO_IV,
    encrypt: (track, key, _iv, sample, subsamples) => {
      const { crypt, skip } = patternOf(track);
      encryptCbcs(key.key, cbcsConstantIv(key), sample, subsamples, crypt, skip);
    },
  });
}
