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
}

export interface DashAdaptationSet {
  id: number;
  contentType: "video" | "audio";
  mimeType: string;
  lang?: string;
  representations: DashRepresentation[];
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
  adaptationSets: DashAdaptationSet[];
}
