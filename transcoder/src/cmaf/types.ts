/** The segmenter's output model, shared by the storage writer, the HLS/DASH writers and (next) LL-HLS parts. */
import type { TrackInfo } from "../codecs/track-info.ts";
import type { PlanKey } from "../playlist/plan.ts";
import type { FragmentTiming } from "./fragment.ts";

/** A CMAF header: `ftyp` + `moov` (ISO/IEC 23000-19 §7.3.2.1), passed through byte for byte. */
export interface CmafInit {
  bytes: Uint8Array;
  track: TrackInfo;
  /** 0 for the first header of the stream, then +1 at each discontinuity that brings a new header. */
  version: number;
}

/**
 * A CMAF chunk made in process (the remuxer's), handed to the segmenter with its timing so nothing
 * parses it again: an optional `styp`, the `moof`, then the `mdat`, in one buffer.
 */
export interface CmafChunk {
  bytes: Uint8Array;
  /** Length of the leading `styp` (0 when there is none). */
  stypSize: number;
  moofSize: number;
  timing: FragmentTiming;
  /**
   * The chunk after this one starts with a sync sample (known when this one was cut): a segment that
   * reaches its grid point here can close at once instead of waiting for the next chunk to complete.
   */
  nextIndependent: boolean;
}

/** One CMAF chunk (`moof`+`mdat`, §7.3.2.3): an LL-HLS part candidate. */
export interface CmafPart {
  /** Media sequence number of the segment this part belongs to. */
  segmentSequence: number;
  /** Position within that segment, from 0. */
  index: number;
  /** tfdt of the chunk, in `timescale` ticks (after any rebasing). */
  decodeTime: number;
  /** Sum of the chunk's sample durations, in ticks. */
  duration: number;
  timescale: number;
  /** The chunk starts with a sync sample, so a player may start decoding here (RFC 8216bis §4.4.4.9 INDEPENDENT). */
  independent: boolean;
  /** The chunk as stored: the segment's first part also carries the `styp`. Encrypted on its own when `key` is set. */
  bytes: Uint8Array;
  /** The key the part is encrypted under (encryption/media-protection.ts); absent when clear. */
  key?: PlanKey | undefined;
}

/** A CMAF segment (§7.3.3): one or more chunks, starting with a sync sample. */
export interface CmafSegment {
  sequence: number;
  decodeTime: number;
  duration: number;
  timescale: number;
  parts: CmafPart[];
  /** Concatenation of the parts' bytes; when `key` is set, the whole segment encrypted as one object instead. */
  bytes: Uint8Array;
  /** The key the segment (and each of its parts) is encrypted under; absent when clear. */
  key?: PlanKey | undefined;
  /** First segment after a source change (RFC 8216bis §4.4.4.3 EXT-X-DISCONTINUITY). */
  discontinuity: boolean;
  /** `CmafInit.version` of the header that decodes this segment. */
  initVersion: number;
}

export type SegmenterEvent =
  | { type: "init"; init: CmafInit }
  | { type: "part"; part: CmafPart }
  | { type: "segment"; segment: CmafSegment };
