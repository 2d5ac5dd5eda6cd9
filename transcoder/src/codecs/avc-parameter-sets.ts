/**
 * The H.264 sequence and picture parameter set fields a slice header's layout depends on
 * (ITU-T H.264 §7.3.2.1.1, §7.3.2.2), keyed by their ids as a decoder keeps them.
 */
import { TributaryError } from "#core/errors.ts";
import { NalBitReader } from "./nal-bit-reader.ts";

export interface AvcSps {
  seq_parameter_set_id: number;
  /** 0 with separate colour planes, else chroma_format_idc (§7.4.2.1.1). */
  ChromaArrayType: number;
  separate_colour_plane_flag: number;
  log2_max_frame_num: number;
  pic_order_cnt_type: number;
  log2_max_pic_order_cnt_lsb: number;
  delta_pic_order_always_zero_flag: number;
  frame_mbs_only_flag: number;
  PicSizeInMapUnits: number;
}

export interface AvcPps {
  pic_parameter_set_id: number;
  seq_parameter_set_id: number;
  entropy_coding_mode_flag: number;
  bottom_field_pic_order_in_frame_present_flag: number;
  num_slice_groups_minus1: number;
  slice_group_map_type: number;
  SliceGroupChangeRate: number;
  num_ref_idx_l0_default_active_minus1: number;
  num_ref_idx_l1_default_active_minus1: number;
  weighted_pred_flag: number;
  weighted_bipred_idc: number;
  deblocking_filter_control_present_flag: number;
  redundant_pic_cnt_present_flag: number;
}

const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

function skipScalingList(r: NalBitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size && next !== 0; j++) {
    next = (last + r.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

/** `nal` is the whole SPS NAL unit, header byte included. */
export function parseAvcSps(nal: Uint8Array): AvcSps {
  const r = new NalBitReader(nal);
  r.u(8); // NAL header
  const profile_idc = r.u(8);
  r.u(16); // constraint flags, level_idc
  const seq_parameter_set_id = r.ue();
  let chroma_format_idc = 1;
  let separate_colour_plane_flag = 0;
  if (HIGH_PROFILES.has(profile_idc)) {
    chroma_format_idc = r.ue();
    if (chroma_format_idc === 3) separate_colour_plane_flag = r.u(1);
    r.ue(); // bit_depth_luma_minus8
    r.ue(); // bit_depth_chroma_minus8
    r.u(1); // qpprime_y_zero_transform_bypass_flag
    if (r.u(1) === 1) for (let i = 0; i < (chroma_format_idc === 3 ? 12 : 8); i++) if (r.u(1) === 1) skipScalingList(r, i < 6 ? 16 : 64);
  }
  const log2_max_frame_num = r.ue() + 4;
  const pic_order_cnt_type = r.ue();
  let log2_max_pic_order_cnt_lsb = 0;
  let delta_pic_order_always_zero_flag = 0;
  if (pic_order_cnt_type === 0) log2_max_pic_order_cnt_lsb = r.ue() + 4;
  else if (pic_order_cnt_type === 1) {
    delta_pic_order_always_zero_flag = r.u(1);
    r.se(); // offset_for_non_ref_pic
    r.se(); // offset_for_top_to_bottom_field
    const cycle = r.ue();
    if (cycle > 255) throw new TributaryError("media.invalid", "SPS num_ref_frames_in_pic_order_cnt_cycle exceeds 255");
    for (let i = 0; i < cycle; i++) r.se();
  }
  r.ue(); // max_num_ref_frames
  r.u(1); // gaps_in_frame_num_value_allowed_flag
  const pic_width_in_mbs = r.ue() + 1;
  const pic_height_in_map_units = r.ue() + 1;
  const frame_mbs_only_flag = r.u(1);
  if (log2_max_frame_num > 16 || log2_max_pic_order_cnt_lsb > 16) throw new TributaryError("media.invalid", "SPS field widths out of range");
  return {
    seq_parameter_set_id,
    ChromaArrayType: separate_colour_plane_flag === 1 ? 0 : chroma_format_idc,
    separate_colour_plane_flag,
    log2_max_frame_num,
    pic_order_cnt_type,
    log2_max_pic_order_cnt_lsb,
    delta_pic_order_always_zero_flag,
    frame_mbs_only_flag,
    PicSizeInMapUnits: pic_width_in_mbs * pic_height_in_map_units,
  };
}

/** `nal` is the whole PPS NAL unit, header byte included. */
export function parseAvcPps(nal: Uint8Array): AvcPps {
  const r = new NalBitReader(nal);
  r.u(8); // NAL header
  const pic_parameter_set_id = r.ue();
  const seq_parameter_set_id = r.ue();
  const entropy_coding_mode_flag = r.u(1);
  const bottom_field_pic_order_in_frame_present_flag = r.u(1);
  const num_slice_groups_minus1 = r.ue();
  if (num_slice_groups_minus1 > 7) throw new TributaryError("media.invalid", "PPS num_slice_groups_minus1 exceeds 7");
  let slice_group_map_type = 0;
  let SliceGroupChangeRate = 1;
  if (num_slice_groups_minus1 > 0) {
    slice_group_map_type = r.ue();
    if (slice_group_map_type === 0) for (let i = 0; i <= num_slice_groups_minus1; i++) r.ue(); // run_length_minus1
    else if (slice_group_map_type === 2) for (let i = 0; i < 2 * num_slice_groups_minus1; i++) r.ue(); // top_left, bottom_right
    else if (slice_group_map_type >= 3 && slice_group_map_type <= 5) {
      r.u(1); // slice_group_change_direction_flag
      SliceGroupChangeRate = r.ue() + 1;
    } else if (slice_group_map_type === 6) {
      const units = r.ue() + 1;
      const bits = Math.ceil(Math.log2(num_slice_groups_minus1 + 1));
      for (let i = 0; i < units; i++) r.u(bits); // slice_group_id
    }
  }
  const num_ref_idx_l0_default_active_minus1 = r.ue();
  const num_ref_idx_l1_default_active_minus1 = r.ue();
  const weighted_pred_flag = r.u(1);
  const weighted_bipred_idc = r.u(2);
  r.se(); // pic_init_qp_minus26
  r.se(); // pic_init_qs_minus26
  r.se(); // chroma_qp_index_offset
  const deblocking_filter_control_present_flag = r.u(1);
  r.u(1); // constrained_intra_pred_flag
  const redundant_pic_cnt_present_flag = r.u(1);
  return {
    pic_parameter_set_id,
    seq_parameter_set_id,
    entropy_coding_mode_flag,
    bottom_field_pic_order_in_frame_present_flag,
    num_slice_groups_minus1,
    slice_group_map_type,
    SliceGroupChangeRate,
    num_ref_idx_l0_default_active_minus1,
    num_ref_idx_l1_default_active_minus1,
    weighted_pred_flag,
    weighted_bipred_idc,
    deblocking_filter_control_present_flag,
    redundant_pic_cnt_present_flag,
  };
}
