/** Splits an image2pipe MJPEG byte stream at each picture's EOI marker (ITU-T T.81 §B.1.1.2). */
import { concat } from "#core/bytes/concat.ts";

export class JpegSplitter {
  readonly #maxBytes: number;
  #pending: Uint8Array = new Uint8Array(0);
  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Complete pictures, and whether a picture grew past the size limit (its bytes are dropped). */
  push(bytes: Uint8Array): { pictures: Uint8Array[]; oversized: boolean } {
    let data = concat([this.#pending, bytes]);
    const pictures: Uint8Array[] = [];
    let start = 0;
    // Entropy-coded data stuffs 0xFF with 0x00 (§F.1.2.3), so FF D9 only occurs as the EOI marker.
    for (let i = 1; i < data.byteLength; i++) {
      if (data[i - 1] === 0xff && data[i] === 0xd9) {
        pictures.push(data.slice(start, i + 1));
        start = i + 1;
      }
    }
    data = data.subarray(start);
    const oversized = data.byteLength > this.#maxBytes;
    this.#pending = oversized ? new Uint8Array(0) : data;
    return { pictures: pictures.filter((p) => p.byteLength <= this.#maxBytes), oversized };
  }
}
