/**
 * The picture size from an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1), so the ladder can
 * be fitted to the source even when the encoder sends no onMetaData width/height.
 */
import { TributaryError } from "#core/errors.ts";

/** Exp-Golomb bit reader over an RBSP (emulation-prevention bytes removed). */
class BitReader {
  #bytes: Uint8Array;
  #bit = 0;
  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }
  u(bits: number): number {
    let value = 0;
    for (let i = 0; i < bits; i++) {
      const byte = this.#bytes[this.#bit >> 3];
      if (byte === undefined) throw new TributaryError("media.invalid", "SPS ends early");
      value = value * 2 + ((byte >> (7 - (this.#bit & 7))) & 1);
      this.#bit++;
    }
    return value;
  }
  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) {
      if (++zeros > 31) throw new TributaryError("media.invalid", "SPS exp-Golomb code too long");
    }
    return 2 ** zeros - 1 + this.u(zeros);
  }
  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -(k / 2);
  }
}

function rbsp(nal: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < nal.length; i++) {
    if (i >= 2 && nal[i] === 3 && nal[i - 1] === 0 && nal[i - 2] === 0) continue;
    out.push(nal[i] ?? 0);
  }
  return Uint8Array.from(out);
}

function skipScalingList(reader: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + reader.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Width and height in luma samples after cropping. `sps` is the NAL unit including its header byte. */
export function spsPictureSize(sps: Uint8Array): { width: number; height: number } {
  const reader = new BitReader(rbsp(sps.subarray(1)));
  const profile_idc = reader.u(8);
  reader.u(16); // constraint flags, level_idc
  reader.ue(); // seq_parameter_set_id
  let chroma_format_idc = 1;
  if (HIGH_PROFILES.has(profile_idc)) {
    chroma_format_idc = reader.ue();
    if (chroma_format_idc === 3) reader.u(1); // separate_colour_plane_flag
    reader.ue(); // bit_depth_luma_minus8
    reader.ue(); // bit_depth_chroma_minus8
    reader.u(1); // qpprime_y_zero_transform_bypass_flag
    if (reader.u(1) === 1) {
      for (let i = 0; i < (chroma_format_idc === 3 ? 12 : 8); i++) if (reader.u(1) === 1) skipScalingList(reader, i < 6 ? 16 : 64);
    }
  }
  reader.ue(); // log2_max_frame_num_minus4
  const pic_order_cnt_type = reader.ue();
  if (pic_order_cnt_type === 0) reader.ue();
  else if (pic_order_cnt_type === 1) {
    reader.u(1);
    reader.se();
    reader.se();
    const cycle = reader.ue();
    if (cycle > 255) throw new TributaryError("media.invalid", "SPS num_ref_frames_in_pic_order_cnt_cycle too large");
    for (let i = 0; i < cycle; i++) reader.se();
  }
  reader.ue(); // max_num_ref_frames
  reader.u(1); // gaps_in_frame_num_value_allowed_flag
  const pic_width_in_mbs_minus1 = reader.ue();
  const pic_height_in_map_units_minus1 = reader.ue();
  const frame_mbs_only_flag = reader.u(1);
  if (frame_mbs_only_flag === 0) reader.u(1); // mb_adaptive_frame_field_flag
  reader.u(1); // direct_8x8_inference_flag
  let crop = { left: 0, right: 0, top: 0, bottom: 0 };
  if (reader.u(1) === 1) crop = { left: reader.ue(), right: reader.ue(), top: reader.ue(), bottom: reader.ue() };
  const cropUnitX = chroma_format_idc === 0 || chroma_format_idc === 3 ? 1 : 2;
  const cropUnitY = (chroma_format_idc === 1 ? 2 : 1) * (2 - frame_mbs_only_flag);
  const width = (pic_width_in_mbs_minus1 + 1) * 16 - (crop.left + crop.right) * cropUnitX;
  const height = (pic_height_in_map_units_minus1 + 1) * 16 * (2 - frame_mbs_only_flag) - (crop.top + crop.bottom) * cropUnitY;
  if (width <= 0 || height <= 0 || width > 16_384 || height > 16_384) throw new TributaryError("media.invalid", `SPS picture size ${width}x${height} out of range`);
  return { width, height };
}
