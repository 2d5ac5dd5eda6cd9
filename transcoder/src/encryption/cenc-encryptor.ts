/**
 * The `cenc` scheme (ISO/IEC 23001-7 §10.1): AES-128-CTR, 8-byte per-sample IVs, video encrypted per
 * slice NAL unit with whole blocks protected (CMAF, ISO/IEC 23000-19 §8.2.2.2), audio whole samples.
 */
import { cryptoRandom } from "#core/clock.ts";
import type { Random } from "#core/clock.ts";
import { CommonEncryptor } from "./common-encryptor.ts";
import type { MediaEncryptor } from "./media-encryptor.ts";
import { encryptCtr } from "./sample-ciphers.ts";

const IV_SIZE = 8;

/**
 * Each sample's IV is the previous one plus 1, from a random start per encryptor: a sample's counter
 * blocks vary only in the lower 8 bytes, so no two samples under one key share a key stream block.
 */
class SampleIvs {
  #next: bigint;
  constructor(random: Random) {
    this.#next = new DataView(random.bytes(IV_SIZE).buffer).getBigUint64(0);
  }
  take(): Uint8Array {
    const iv = new Uint8Array(IV_SIZE);
    new DataView(iv.buffer).setBigUint64(0, this.#next);
    this.#next = (this.#next + 1n) & 0xffff_ffff_ffff_ffffn;
    return iv;
  }
}

export interface CencEncryptorOptions {
  /** Source of the IV start (default: the platform's CSPRNG). */
  random?: Random;
}

/** @example const encryptor = createCencEncryptor(); const init = encryptor.init(clearInit, key); */
export function createCencEncryptor(options: CencEncryptorOptions = {}): MediaEncryptor {
  const ivs = new SampleIvs(options.random ?? cryptoRandom);
  return new CommonEncryptor({
    scheme: "cenc",
    tenc: (_track, key) => ({ version: 0, default_crypt_byte_block: 0, default_skip_byte_block: 0, default_isProtected: 1, default_Per_Sample_IV_Size: IV_SIZE, default_KID: key.kid, default_constant_IV: undefined }),
    subsamples: { alignProtected: true, allowHevcHeaderOnly: true },
    nextIv: () => ivs.take(),
    encrypt: (_track, key, iv, sample, subsamples) => encryptCtr(key.key, iv, sample, subsamples),
  });
}
