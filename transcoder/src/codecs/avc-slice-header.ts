/**
 * The stored size of an H.264 slice header (ITU-T H.264 §7.3.3): common encryption keeps it clear so a
 * decoder can parse it before decrypting (ISO/IEC 23001-7 §10.4.2 for `cbcs`: protected data starts
 * after the slice header). Parameter sets come from `avcC` and from any in-band SPS/PPS.
 */
import { TributaryError } from "#core/errors.ts";
import { parseAvcPps, parseAvcSps } from "./avc-parameter-sets.ts";
import type { AvcPps, AvcSps } from "./avc-parameter-sets.ts";
import { NalBitReader } from "./nal-bit-reader.ts";

/** nal_unit_type values (Table 7-1). */
export const AVC_NAL = { non_idr_slice: 1, idr_slice: 5, sps: 7, pps: 8 } as const;

/** slice_type % 5 (Table 7-6). */
const SLICE = { P: 0, B: 1, I: 2, SP: 3, SI: 4 } as const;

/** What a decoder knows of the parameter sets so far. */
export class AvcParameterSets {
  readonly #sps = new Map<number, AvcSps>();
  readonly #pps = new Map<number, AvcPps>();

  /** Takes an SPS or PPS NAL unit (header included); other NAL units are ignored. */
  add(nal: Uint8Array): void {
    const type = (nal[0] ?? 0) & 0x1f;
    if (type === AVC_NAL.sps) {
      const sps = parseAvcSps(nal);
      this.#sps.set(sps.seq_parameter_set_id, sps);
    } else if (type === AVC_NAL.pps) {
      const pps = parseAvcPps(nal);
      this.#pps.set(pps.pic_parameter_set_id, pps);
    }
  }

  /** The PPS and its SPS, or a `media.invalid` error naming the missing one. */
  resolve(pic_parameter_set_id: number): { sps: AvcSps; pps: AvcPps } {
    const pps = this.#pps.get(pic_parameter_set_id);
    if (pps === undefined) throw new TributaryError("media.invalid", `slice refers to unknown PPS ${pic_parameter_set_id}`);
    const sps = this.#sps.get(pps.seq_parameter_set_id);
    if (sps === undefined) throw new TributaryError("media.invalid", `PPS ${pic_parameter_set_id} refers to unknown SPS ${pps.seq_parameter_set_id}`);
    return { sps, pps };
  }
}

/** The slice header's end in `nal`: RBSP bits from the NAL header on, and stored bytes (a partly used byte counts whole). */
export interface SliceHeaderExtent {
  bits: number;
  storedBytes: number;
}

/** Where `nal`'s NAL header plus slice header end. */
export function avcSliceHeaderExtent(nal: Uint8Array, sets: AvcParameterSets): SliceHeaderExtent {
  const r = new NalBitReader(nal);
  r.u(1); // forbidden_zero_bit
  const nal_ref_idc = r.u(2);
  const nal_unit_type = r.u(5);
  r.ue(); // first_mb_in_slice
  const slice_type = r.ue() % 5;
  const { sps, pps } = sets.resolve(r.ue());
  if (sps.separate_colour_plane_flag === 1) r.u(2); // colour_plane_id
  r.u(sps.log2_max_frame_num); // frame_num
  let field_pic_flag = 0;
  if (sps.frame_mbs_only_flag === 0) {
    field_pic_flag = r.u(1);
    if (field_pic_flag === 1) r.u(1); // bottom_field_flag
  }
  const idr = nal_unit_type === AVC_NAL.idr_slice;
  if (idr) r.ue(); // idr_pic_id
  const bottomDelta = pps.bottom_field_pic_order_in_frame_present_flag === 1 && field_pic_flag === 0;
  if (sps.pic_order_cnt_type === 0) {
    r.u(sps.log2_max_pic_order_cnt_lsb); // pic_order_cnt_lsb
    if (bottomDelta) r.se(); // delta_pic_order_cnt_bottom
  }
  if (sps.pic_order_cnt_type === 1 && sps.delta_pic_order_always_zero_flag === 0) {
    r.se(); // delta_pic_order_cnt[0]
    if (bottomDelta) r.se(); // delta_pic_order_cnt[1]
  }
  if (pps.redundant_pic_cnt_present_flag === 1) r.ue(); // redundant_pic_cnt
  if (slice_type === SLICE.B) r.u(1); // direct_spatial_mv_pred_flag
  let l0 = pps.num_ref_idx_l0_default_active_minus1;
  let l1 = pps.num_ref_idx_l1_default_active_minus1;
  if (slice_type === SLICE.P || slice_type === SLICE.SP || slice_type === SLICE.B) {
    if (r.u(1) === 1) {
      // num_ref_idx_active_override_flag
      l0 = r.ue();
      if (slice_type === SLICE.B) l1 = r.ue();
    }
  }
  if (l0 > 31 || l1 > 31) throw new TributaryError("media.invalid", "slice num_ref_idx_active_minus1 exceeds 31");
  if (slice_type !== SLICE.I && slice_type !== SLICE.SI) skipRefPicListModification(r);
  if (slice_type === SLICE.B) skipRefPicListModification(r);
  const weighted = (pps.weighted_pred_flag === 1 && (slice_type === SLICE.P || slice_type === SLICE.SP)) || (pps.weighted_bipred_idc === 1 && slice_type === SLICE.B);
  if (weighted) skipPredWeightTable(r, sps.ChromaArrayType, l0, slice_type === SLICE.B ? l1 : -1);
  if (nal_ref_idc !== 0) skipDecRefPicMarking(r, idr);
  if (pps.entropy_coding_mode_flag === 1 && slice_type !== SLICE.I && slice_type !== SLICE.SI) r.ue(); // cabac_init_idc
  r.se(); // slice_qp_delta
  if (slice_type === SLICE.SP || slice_type === SLICE.SI) {
    if (slice_type === SLICE.SP) r.u(1); // sp_for_switch_flag
    r.se(); // slice_qs_delta
  }
  if (pps.deblocking_filter_control_present_flag === 1) {
    if (r.ue() !== 1) {
      // disable_deblocking_filter_idc other than 1
      r.se(); // slice_alpha_c0_offset_div2
      r.se(); // slice_beta_offset_div2
    }
  }
  if (pps.num_slice_groups_minus1 > 0 && pps.slice_group_map_type >= 3 && pps.slice_group_map_type <= 5) {
    r.u(Math.ceil(Math.log2(sps.PicSizeInMapUnits / pps.SliceGroupChangeRate + 1))); // slice_group_change_cycle
  }
  return { bits: r.bitsRead, storedBytes: r.storedBytesRead };
}

/** §7.3.3.1 for one list: operations until modification_of_pic_nums_idc 3. */
function skipRefPicListModification(r: NalBitReader): void {
  if (r.u(1) === 0) return;
  for (;;) {
    const idc = r.ue();
    if (idc === 3) return;
    if (idc > 5) throw new TributaryError("media.invalid", `modification_of_pic_nums_idc ${idc}`);
    r.ue(); // abs_diff_pic_num_minus1, long_term_pic_num or abs_diff_view_idx_minus1
  }
}

/** §7.3.3.2; `l1` is -1 when the slice has no list 1. */
function skipPredWeightTable(r: NalBitReader, ChromaArrayType: number, l0: number, l1: number): void {
  r.ue(); // luma_log2_weight_denom
  if (ChromaArrayType !== 0) r.ue(); // chroma_log2_weight_denom
  for (const last of [l0, l1]) {
    for (let i = 0; i <= last; i++) {
      if (r.u(1) === 1) {
        r.se(); // luma_weight
        r.se(); // luma_offset
      }
      if (ChromaArrayType !== 0 && r.u(1) === 1) for (let j = 0; j < 4; j++) r.se(); // chroma weight, offset × 2
    }
  }
}

/** §7.3.3.3. */
function skipDecRefPicMarking(r: NalBitReader, idr: boolean): void {
  if (idr) {
    r.u(2); // no_output_of_prior_pics_flag, long_term_reference_flag
    return;
  }
  if (r.u(1) === 0) return; // adaptive_ref_pic_marking_mode_flag
  for (;;) {
    const op = r.ue(); // memory_management_control_operation
    if (op === 0) return;
    if (op > 6) throw new TributaryError("media.invalid", `memory_management_control_operation ${op}`);
    if (op === 1 || op === 3) r.ue(); // difference_of_pic_nums_minus1
    if (op === 2) r.ue(); // long_term_pic_num
    if (op === 3 || op === 6) r.ue(); // long_term_frame_idx
    if (op === 4) r.ue(); // max_long_term_frame_idx_plus1
  }
}
