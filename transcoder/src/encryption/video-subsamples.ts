/**
 * Subsample maps for length-prefixed H.264/HEVC samples (ISO/IEC 23001-7 §9.5 and §10.4; ISO/IEC
 * 23000-19 §8.2.2). Only slice (VCL) NAL units are encrypted: their length prefix, NAL header and
 * slice header stay clear, the slice data after it is protected. Parameter sets, SEI and every other
 * NAL unit stay wholly clear.
 */
import { invalidBox } from "../boxes/box-error.ts";
import type { Subsample } from "../boxes/senc.ts";
import { AVC_NAL, avcSliceHeaderExtent } from "../codecs/avc-slice-header.ts";
import type { NalLayout } from "./protected-track.ts";

const AES_BLOCK = 16;
const MAX_CLEAR = 0xffff;

export interface SubsampleRules {
  /**
   * Protected bytes of each subsample are a whole number of AES blocks (CMAF `cenc`, ISO/IEC 23000-19
   * §8.2.2.2): the remainder joins the clear bytes. `cbcs` leaves a final partial block clear instead.
   */
  alignProtected: boolean;
  /** HEVC slice headers are not parsed: false makes an HEVC track an error (`cbcs` needs the slice header clear). */
  allowHevcHeaderOnly: boolean;
}

/** Clear bytes at the start of a NAL unit (header included), or the whole unit when it is not a slice. */
function clearBytesOf(nal: Uint8Array, layout: NalLayout, rules: SubsampleRules): number {
  if (layout.codec === "avc") {
    const type = (nal[0] ?? 0) & 0x1f;
    if (type === AVC_NAL.sps || type === AVC_NAL.pps) {
      layout.parameterSets.add(nal);
      return nal.byteLength;
    }
    if (type !== AVC_NAL.non_idr_slice && type !== AVC_NAL.idr_slice) return nal.byteLength;
    return Math.min(nal.byteLength, avcSliceHeaderExtent(nal, layout.parameterSets).storedBytes);
  }
  // HEVC nal_unit_type 0-31 are VCL (ITU-T H.265 Table 7-1); the 2-byte NAL header stays clear.
  if (((nal[0] ?? 0) >> 1) & 0x20) return nal.byteLength;
  if (!rules.allowHevcHeaderOnly) throw new TypeError("HEVC slice headers are not parsed, so this scheme cannot encrypt HEVC");
  return Math.min(nal.byteLength, 2);
}

/** Collects (clear, protected) runs: clear bytes add up until protected ones follow, and no run holds more than 65535 clear bytes. */
class SubsampleList {
  readonly list: Subsample[] = [];
  readonly #align: boolean;
  #clear = 0;

  constructor(align: boolean) {
    this.#align = align;
  }

  add(clear: number, protectedBytes: number): void {
    let cipher = protectedBytes;
    if (this.#align) cipher -= cipher % AES_BLOCK;
    this.#clear += clear + (protectedBytes - cipher);
    if (cipher === 0) return;
    this.#push(cipher);
  }

  finish(): Subsample[] {
    if (this.#clear > 0 || this.list.length === 0) this.#push(0);
    return this.list;
  }

  #push(cipher: number): void {
    while (this.#clear > MAX_CLEAR) {
      this.list.push({ BytesOfClearData: MAX_CLEAR, BytesOfProtectedData: 0 });
      this.#clear -= MAX_CLEAR;
    }
    this.list.push({ BytesOfClearData: this.#clear, BytesOfProtectedData: cipher });
    this.#clear = 0;
  }
}

/** The subsamples of one sample; their sizes add up to the sample's. In-band SPS/PPS update `layout`. */
export function videoSubsamples(sample: Uint8Array, layout: NalLayout, rules: SubsampleRules): Subsample[] {
  const list = new SubsampleList(rules.alignProtected);
  const view = new DataView(sample.buffer, sample.byteOffset, sample.byteLength);
  const n = layout.lengthSize;
  let offset = 0;
  while (offset < sample.byteLength) {
    if (offset + n > sample.byteLength) throw invalidBox("NAL unit length prefix runs past the sample");
    let length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + view.getUint8(offset + i);
    if (length > sample.byteLength - offset - n) throw invalidBox(`NAL unit of ${length} bytes runs past the sample`, { length });
    const nal = sample.subarray(offset + n, offset + n + length);
    const clear = length === 0 ? 0 : clearBytesOf(nal, layout, rules);
    list.add(n + clear, length - clear);
    offset += n + length;
  }
  return list.finish();
}
