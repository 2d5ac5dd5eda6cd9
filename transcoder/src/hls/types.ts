/** Models the HLS writers render (RFC 8216bis). Pure data: the writers turn them into text. */

export interface HlsMap {
  uri: string;
}

/** LL-HLS partial segment (RFC 8216bis §4.4.4.9); rendered by the low-latency writer (ll-media-playlist.ts). */
export interface HlsPart {
  uri: string;
  /** Seconds. */
  duration: number;
  independent?: boolean;
  byteRange?: { length: number; offset?: number };
}

export interface HlsMediaSegment {
  uri: string;
  /** Seconds, from the segment's tick count and timescale. */
  duration: number;
  /** EXT-X-DISCONTINUITY before this segment (§4.4.4.3). */
  discontinuity?: boolean;
  /** EXT-X-PROGRAM-DATE-TIME (§4.4.4.6). */
  programDateTime?: Date;
  /** The header for this segment; an EXT-X-MAP is written whenever it changes (§4.4.4.5). */
  map?: HlsMap;
  /** LL-HLS parts of this segment (§4.4.4.9). */
  parts?: HlsPart[];
}

/** LL-HLS playlist controls (§4.4.3.7, §4.4.3.8, §4.4.5.3, §4.4.5.4), owned by the low-latency writer. */
export interface HlsLowLatency {
  serverControl?: { canBlockReload?: boolean; partHoldBack?: number; holdBack?: number; canSkipUntil?: number };
  partTarget?: number;
  /** Parts of the segment still being written, after the last whole segment. */
  pendingParts?: HlsPart[];
  preloadHint?: { type: "PART" | "MAP"; uri: string };
  renditionReports?: { uri: string; lastMsn: number; lastPart?: number }[];
  /** Delta update (§6.2.5.1): this many segments before `mediaSequence`'s first listed one are replaced by EXT-X-SKIP (§4.4.5.2). */
  skippedSegments?: number;
}

export interface HlsMediaPlaylist {
  version: number;
  /** Seconds; the writer raises it to the largest rounded EXTINF if a segment overshoots (§4.4.3.1). */
  targetDuration: number;
  /** EXT-X-MEDIA-SEQUENCE (§4.4.3.2): sequence number of the first segment of the playlist (skipped ones included). */
  mediaSequence: number;
  /** EXT-X-DISCONTINUITY-SEQUENCE (§4.4.3.3). */
  discontinuitySequence: number;
  /** EVENT keeps every segment (recording), VOD is final; omitted for a sliding live window (§4.4.3.5). */
  playlistType?: "EVENT" | "VOD";
  independentSegments: boolean;
  segments: HlsMediaSegment[];
  /** EXT-X-ENDLIST (§4.4.3.4): no more segments will be added. */
  endList: boolean;
  /** Rendered by `writeLowLatencyMediaPlaylist`; the plain writer refuses it rather than silently dropping it. */
  lowLatency?: HlsLowLatency;
}

export interface HlsAudioRendition {
  groupId: string;
  name: string;
  uri: string;
  language?: string;
  default: boolean;
  autoselect: boolean;
  /** Channel count (§4.4.6.1 CHANNELS). */
  channels?: number;
}

export interface HlsVariant {
  uri: string;
  /** Peak segment bit rate, bits/s (§4.4.6.2 BANDWIDTH), including the audio it plays with. */
  bandwidth: number;
  averageBandwidth?: number;
  /** RFC 6381 codec strings of every rendition the variant plays (video + audio). */
  codecs: string[];
  resolution?: { width: number; height: number };
  frameRate?: number;
  audioGroup?: string;
}

export interface HlsMultivariantPlaylist {
  version: number;
  independentSegments: boolean;
  audio: HlsAudioRendition[];
  variants: HlsVariant[];
}
