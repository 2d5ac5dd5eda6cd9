/**
 * A rendition's playlist state as pure data: what storage packaging (cmaf/package-model.ts) and the
 * live origin (origin-relay/src/origin/ll-hls-model.ts) both fill, and what the one HLS media-playlist
 * serializer (hls-serializer.ts) and the one MPD serializer (mpd-serializer.ts) render.
 */

/** HOLD-BACK = 3 × TARGETDURATION (RFC 8216bis §4.4.3.8 sets it as the minimum). */
export const HOLD_BACK_TARGETS = 3;
/** PART-HOLD-BACK = 3 × PART-TARGET (§4.4.3.8 allows 2 ×; Apple's LL-HLS requirements ask for 3 ×). */
export const PART_HOLD_BACK_TARGETS = 3;
/** CAN-SKIP-UNTIL = 6 × TARGETDURATION (§4.4.3.8 minimum). */
export const CAN_SKIP_UNTIL_TARGETS = 6;
/** §6.2.2 via Apple: parts further than this many target durations from the live edge leave the playlist. */
export const PART_RETENTION_TARGETS = 3;

/** An LL-HLS partial segment (§4.4.4.9): part `index` of segment `sequence`. */
export interface PlanPart {
  sequence: number;
  index: number;
  /** Seconds. */
  duration: number;
  /** Starts with a sync sample (INDEPENDENT=YES). */
  independent: boolean;
}

/**
 * The EXT-X-KEY a segment is encrypted under (RFC 8216bis §4.4.4.4). `uri` is the key's edge path
 * without a token (`/k/<mediaId>/<kid>`); the edge puts the viewer's token in when it rewrites the
 * playlist. Without `iv` the segment's media sequence number is its IV (§5.2).
 */
export interface PlanKey {
  /** AES-128 (whole objects), SAMPLE-AES (`cbcs`) or SAMPLE-AES-CTR (`cenc`), RFC 8216bis §4.4.4.4. */
  method: "AES-128" | "SAMPLE-AES" | "SAMPLE-AES-CTR";
  uri: string;
  /** 16 bytes as 32 hex digits. */
  iv?: string;
  keyFormat?: string;
  keyFormatVersions?: string;
  /** The KID as 32 hex digits (KEYID), so an EME player knows which key a license must hold. */
  keyId?: string;
}

/** A listed segment, timed in its track's ticks so HLS (seconds) and DASH (ticks) read the same numbers. */
export interface PlanSegment {
  sequence: number;
  /** tfdt, in `timescale` ticks. */
  decodeTime: number;
  duration: number;
  timescale: number;
  /** First segment after a source change (EXT-X-DISCONTINUITY, §4.4.4.3). */
  discontinuity: boolean;
  /** `CmafInit.version` of the header that decodes it (EXT-X-MAP, §4.4.4.5; the Period's initialization). */
  initVersion: number;
  /** EXT-X-PROGRAM-DATE-TIME (§4.4.4.6). */
  programDateTime: Date;
  /** LL-HLS parts still listed (§6.2.2 prunes old ones); empty in a whole-segment playlist. */
  parts: PlanPart[];
  /** The key it is encrypted under; absent when clear. */
  key?: PlanKey | undefined;
}

/**
 * Where one source of the stream starts in this rendition: the first source, then one per
 * discontinuity. Sources outlive the window, so MPD Period ids and starts stay put (ISO/IEC 23009-1 §5.3.2.1).
 */
export interface PlanSource {
  sequence: number;
  decodeTime: number;
  timescale: number;
  initVersion: number;
}

/** The LL-HLS state of a live rendition (§4.4.3.7-8, §4.4.5.2-4). */
export interface PlanLowLatency {
  /** EXT-X-PART-INF PART-TARGET, seconds: fixed for the stream's life (§4.4.3.7). */
  partTarget: number;
  /** EXT-X-SERVER-CONTROL, seconds; see `holdBacks`. CAN-BLOCK-RELOAD is always YES. */
  holdBack: number;
  partHoldBack: number;
  canSkipUntil: number;
  /** Parts of the segment being written, after the last whole segment. */
  pendingParts: PlanPart[];
  /** The key of the segment the pending parts and the preload hint belong to; absent when clear. */
  pendingKey?: PlanKey | undefined;
  /** The next part to be written (EXT-X-PRELOAD-HINT, §4.4.5.3); not rendered once the playlist ends. */
  preloadHint: { sequence: number; index: number };
  /** EXT-X-RENDITION-REPORT of each other rendition (§4.4.5.4). */
  renditionReports: { rendition: string; lastMsn: number; lastPart: number }[];
  /** Delta update (§6.2.5.1): this many segments before the first listed one are replaced by EXT-X-SKIP. */
  skippedSegments: number;
}

export interface PlaylistPlan {
  /** EXT-X-TARGETDURATION, whole seconds; see `targetDurationOf`. */
  targetDuration: number;
  /** Sequence number of the first segment of the playlist, skipped ones included (§4.4.3.2). */
  mediaSequence: number;
  /** EXT-X-DISCONTINUITY-SEQUENCE (§4.4.3.3): discontinuities that slid out of the window. */
  discontinuitySequence: number;
  /** EVENT keeps every segment (recording), VOD is final; omitted for a sliding window (§4.4.3.5). */
  playlistType?: "EVENT" | "VOD";
  /** The listed window, oldest first. */
  segments: PlanSegment[];
  /** Every source since the stream began (MPD Periods). */
  sources: PlanSource[];
  /** EXT-X-ENDLIST (§4.4.3.4) / a static MPD: no more segments will be added. */
  endList: boolean;
  /** Present for an LL-HLS playlist. */
  lowLatency?: PlanLowLatency;
}

/** Seconds of a segment. */
export const seconds = (s: Pick<PlanSegment, "duration" | "timescale">): number => s.duration / s.timescale;

/** EXT-X-TARGETDURATION (§4.4.3.1): the configured target, raised so every EXTINF rounded to the nearest integer is ≤ it. */
export function targetDurationOf(configured: number, segments: readonly Pick<PlanSegment, "duration" | "timescale">[]): number {
  let target = Math.ceil(configured);
  for (const s of segments) target = Math.max(target, Math.round(seconds(s)));
  return Math.max(1, target);
}

/**
 * The server-control figures for a playlist's targets, each from its named multiple.
 * @example holdBacks(2, 0.2) // { holdBack: 6, partHoldBack: 0.6, canSkipUntil: 12 }
 */
export function holdBacks(targetDuration: number, partTarget: number): Pick<PlanLowLatency, "holdBack" | "partHoldBack" | "canSkipUntil"> {
  return { holdBack: HOLD_BACK_TARGETS * targetDuration, partHoldBack: PART_HOLD_BACK_TARGETS * partTarget, canSkipUntil: CAN_SKIP_UNTIL_TARGETS * targetDuration };
}
