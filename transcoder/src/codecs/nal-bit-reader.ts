/**
 * Exp-Golomb bit reader over a NAL unit as stored (ITU-T H.264 §7.2, §9.1): emulation-prevention bytes
 * (0x000003) are skipped as they are met, so the reader also knows how many stored bytes the bits
 * read so far span, which is what a clear-bytes count for encryption needs.
 */
import { TributaryError } from "#core/errors.ts";

export class NalBitReader {
  readonly #nal: Uint8Array;
  /** Index of the stored byte holding the next bit, or of the next byte to load when `#bit` is 8. */
  #index = -1;
  #bit = 8;
  #current = 0;
  #zeros = 0;
  #bitsRead = 0;

  constructor(nal: Uint8Array) {
    this.#nal = nal;
  }

  /** Stored bytes spanned by the bits read so far (a byte partly read counts whole). */
  get storedBytesRead(): number {
    return this.#index + 1;
  }

  /** RBSP bits read so far (emulation-prevention bytes not counted). */
  get bitsRead(): number {
    return this.#bitsRead;
  }

  u(bits: number): number {
    let value = 0;
    for (let i = 0; i < bits; i++) value = value * 2 + this.#nextBit();
    return value;
  }

  ue(): number {
    let zeros = 0;
    while (this.#nextBit() === 0) {
      if (++zeros > 31) throw new TributaryError("media.invalid", "exp-Golomb code longer than 32 bits");
    }
    return 2 ** zeros - 1 + this.u(zeros);
  }

  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -(k / 2);
  }

  #nextBit(): number {
    if (this.#bit === 8) this.#load();
    const bit = (this.#current >> (7 - this.#bit)) & 1;
    this.#bit++;
    this.#bitsRead++;
    return bit;
  }

  #load(): void {
    let byte = this.#nal[++this.#index];
    if (byte === 3 && this.#zeros >= 2) {
      // §7.4.1: emulation_prevention_three_byte, not part of the RBSP.
      this.#zeros = 0;
      byte = this.#nal[++this.#index];
    }
    if (byte === undefined) throw new TributaryError("media.invalid", "NAL unit ends inside a header");
    this.#zeros = byte === 0 ? this.#zeros + 1 : 0;
    this.#current = byte;
    this.#bit = 0;
  }
}
