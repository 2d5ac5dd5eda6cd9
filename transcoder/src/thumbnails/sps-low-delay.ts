/**
 * Rewrites an H.264 SPS so a decoder outputs each picture at once: the VUI bitstream restriction
 * (H.264 §E.1.1) gets max_num_reorder_frames = 0. A lone IDR picture needs no reordering, but a
 * decoder that trusts the encoder's reorder depth (x264 with B-frames says 2) holds that many
 * pictures back, so a keyframe sent alone would only come out after the next ones.
 */
import { invalidBox } from "../boxes/box-error.ts";

class BitReader {
  #bits: Uint8Array;
  pos = 0;
  constructor(bytes: Uint8Array) {
    this.#bits = bytes;
  }
  u(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.#bits[this.pos >> 3];
      if (byte === undefined) throw invalidBox("truncated SPS");
      v = v * 2 + ((byte >> (7 - (this.pos & 7))) & 1);
      this.pos++;
    }
    return v;
  }
  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) if (++zeros > 31) throw invalidBox("SPS exp-Golomb code too long");
    return 2 ** zeros - 1 + this.u(zeros);
  }
  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -k / 2;
  }
}

class BitWriter {
  readonly bytes: number[] = [];
  #pos = 0;
  u(n: number, v: number): void {
    for (let i = n - 1; i >= 0; i--) {
      if ((this.#pos & 7) === 0) this.bytes.push(0);
      if (Math.floor(v / 2 ** i) % 2 === 1) this.bytes[this.bytes.length - 1] = (this.bytes.at(-1) ?? 0) | (1 << (7 - (this.#pos & 7)));
      this.#pos++;
    }
  }
  ue(v: number): void {
    const bits = Math.floor(Math.log2(v + 1));
    this.u(bits, 0);
    this.u(bits + 1, v + 1);
  }
}

/** Emulation prevention (§7.4.1): drop the 0x03 after each 00 00 in the NAL payload. */
function toRbsp(nal: Uint8Array): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (const b of nal) {
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    out.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return new Uint8Array(out);
}

function toNal(rbsp: readonly number[]): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (const b of rbsp) {
    if (zeros >= 2 && b <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return new Uint8Array(out);
}

const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

function skipScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + r.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

function skipHrd(r: BitReader): void {
  const cpbCount = r.ue() + 1;
  r.u(8); // bit_rate_scale, cpb_size_scale
  for (let i = 0; i < cpbCount; i++) {
    r.ue();
    r.ue();
    r.u(1);
  }
  r.u(20); // four 5-bit lengths
}

/** Reads seq_parameter_set_data (§7.3.2.1.1) up to the VUI; returns the VUI flag's bit position. */
function readToVui(r: BitReader): { maxNumRefFrames: number } {
  r.u(8); // forbidden_zero_bit, nal_ref_idc, nal_unit_type
  const profile_idc = r.u(8);
  r.u(16); // constraint flags, level_idc
  r.ue(); // seq_parameter_set_id
  if (HIGH_PROFILES.has(profile_idc)) {
    const chroma_format_idc = r.ue();
    if (chroma_format_idc === 3) r.u(1);
    r.ue();
    r.ue();
    r.u(1);
    if (r.u(1) === 1) for (let i = 0; i < (chroma_format_idc === 3 ? 12 : 8); i++) if (r.u(1) === 1) skipScalingList(r, i < 6 ? 16 : 64);
  }
  r.ue(); // log2_max_frame_num_minus4
  const poc = r.ue();
  if (poc === 0) r.ue();
  else if (poc === 1) {
    r.u(1);
    r.se();
    r.se();
    const cycle = r.ue();
    for (let i = 0; i < cycle; i++) r.se();
  }
  const maxNumRefFrames = r.ue();
  r.u(1);
  r.ue();
  r.ue();
  if (r.u(1) === 0) r.u(1); // frame_mbs_only_flag, mb_adaptive_frame_field_flag
  r.u(1);
  if (r.u(1) === 1) for (let i = 0; i < 4; i++) r.ue();
  return { maxNumRefFrames };
}

/** The SPS NAL unit with max_num_reorder_frames 0 (a new array; the input is not changed). */
export function lowDelaySps(sps: Uint8Array): Uint8Array {
  const rbsp = toRbsp(sps);
  const r = new BitReader(rbsp);
  const { maxNumRefFrames } = readToVui(r);
  const vuiFlagAt = r.pos;
  const copyTo = (w: BitWriter, end: number) => {
    const c = new BitReader(rbsp);
    while (c.pos < end) w.u(1, c.u(1));
  };
  const w = new BitWriter();
  if (r.u(1) === 0) {
    copyTo(w, vuiFlagAt);
    w.u(1, 1); // vui_parameters_present_flag
    w.u(8, 0); // aspect, overscan, video_signal, chroma_loc, timing, nal_hrd, vcl_hrd, pic_struct
  } else {
    if (r.u(1) === 1 && r.u(8) === 255) r.u(32);
    if (r.u(1) === 1) r.u(1);
    if (r.u(1) === 1 && (r.u(4), r.u(1)) === 1) r.u(24);
    if (r.u(1) === 1) {
      r.ue();
      r.ue();
    }
    if (r.u(1) === 1) r.u(65);
    const nal = r.u(1);
    if (nal === 1) skipHrd(r);
    const vcl = r.u(1);
    if (vcl === 1) skipHrd(r);
    if (nal === 1 || vcl === 1) r.u(1);
    r.u(1); // pic_struct_present_flag
    copyTo(w, r.pos);
  }
  w.u(1, 1); // bitstream_restriction_flag
  w.u(1, 1); // motion_vectors_over_pic_boundaries_flag
  w.ue(2); // max_bytes_per_pic_denom
  w.ue(1); // max_bits_per_mb_denom
  w.ue(16); // log2_max_mv_length_horizontal
  w.ue(16); // log2_max_mv_length_vertical
  w.ue(0); // max_num_reorder_frames
  w.ue(Math.max(1, maxNumRefFrames)); // max_dec_frame_buffering ≥ max_num_ref_frames (§E.2.1)
  w.u(1, 1); // rbsp_stop_one_bit, then alignment zeros
  return toNal(w.bytes);
}
