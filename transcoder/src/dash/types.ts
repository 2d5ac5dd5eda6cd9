/** The MPD model the DASH writer renders (ISO/IEC 23009-1). Times in seconds unless stated as ticks. */

/** One segment of a SegmentTimeline, in the representation's timescale ticks. */
export interface DashSegmentTime {
  t: number;
  d: number;
}

export interface DashRepresentation {
  id: string;
  bandwidth: number;
  codecs: string;
  width?: number;
  height?: number;
  frameRate?: number;
  audioSamplingRate?: number;
  /** Channel count, written as an AudioChannelConfiguration (§5.8.4.7, 23003-3 scheme). */
  channels?: number;
  timescale: number;
  /** Number of the first segment in `segments` ($Number$ of §5.3.9.4.4). */
  startNumber: number;
  segments: DashSegmentTime[];
  /**
   * Number-based addressing without a SegmentTimeline (§5.3.9.5.3): the nominal segment duration in
   * ticks, so a low-latency client can ask for the segment being written before any MPD lists it.
   */
  duration?: number;
  /** Media time, in ticks, of the Period start (§5.3.9.2 @presentationTimeOffset). */
  presentationTimeOffset?: number;
  /** This Period's header, when not the MPD's default (`$RepresentationID$/init-1.mp4` after a source change). */
  initialization?: string;
}

/** Low-latency DASH (DASH-IF IOP LL-DASH, ISO/IEC 23009-1 §5.3.9.5.3, Annex K ServiceDescription). */
export interface DashLowLatency {
  /** Seconds a segment is available before its end: segment duration − part (chunk) duration. */
  availabilityTimeOffset: number;
  /** Wanted live latency, seconds (ServiceDescription Latency@target). */
  targetLatency: number;
  minLatency?: number;
  maxLatency?: number;
  /** Catch-up playback-rate bounds (ServiceDescription PlaybackRate). */
  playbackRate?: { min: number; max: number };
}

/**
 * A ContentProtection descriptor (ISO/IEC 23009-1 §5.8.4.1; ISO/IEC 23001-7 §11; DASH-IF IOP
 * content protection): the mp4protection scheme with the default KID, or one DRM system.
 */
export interface DashContentProtection {
  schemeIdUri: string;
  value?: string;
  /** cenc:default_KID, in UUID form. */
  defaultKid?: string;
  /** License acquisition URL: dashif:Laurl, and clearkey:Laurl for ClearKey. */
  licenseUrl?: string;
  /** A whole `pssh` box, written as cenc:pssh in base64. */
  pssh?: Uint8Array;
}

export interface DashAdaptationSet {
  id: number;
  contentType: "video" | "audio";
  mimeType: string;
  lang?: string;
  /** Written before the Representations (DASH-IF IOP §7.7.2: on the AdaptationSet). */
  contentProtection?: readonly DashContentProtection[];
  representations: DashRepresentation[];
}

/** A Period (§5.3.2): one source's headers; a source change that brings new ones opens the next. */
export interface DashPeriod {
  /** Stable across updates of a dynamic MPD (§5.3.2.1). */
  id: string;
  /** Period@start, seconds from the presentation start. */
  start: number;
  adaptationSets: DashAdaptationSet[];
}

export interface DashMpd {
  /** `dynamic` while live, `static` once ended or for VOD (§5.3.1.2). */
  type: "dynamic" | "static";
  availabilityStartTime?: Date;
  publishTime: Date;
  minBufferTime: number;
  minimumUpdatePeriod?: number;
  timeShiftBufferDepth?: number;
  suggestedPresentationDelay?: number;
  mediaPresentationDuration?: number;
  /** Clock source for live clients (§5.8.4.11); the edge fills in its time URL. */
  utcTiming?: { schemeIdUri: string; value: string };
  /** SegmentTemplate paths, relative to the MPD (`$RepresentationID$/$Number$.m4s`). */
  media: string;
  initialization: string;
  periods: DashPeriod[];
  /** Chunked, not-yet-complete segments are offered early (availabilityTimeComplete="false"). */
  lowLatency?: DashLowLatency;
}
