/**
 * What the remuxer consumes: codec configurations and coded samples with millisecond timestamps, as a
 * source demuxer (the relay's FLV tags) hands them over. The remuxer knows no container but CMAF.
 */

/** AVC decoder configuration: the AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1) as sent. */
export interface VideoConfigInput {
  kind: "video-config";
  record: Uint8Array;
  /** Picture size from the SPS, for `tkhd` and the sample entry. */
  width: number;
  height: number;
}

/** AAC decoder configuration: the AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) as sent. */
export interface AudioConfigInput {
  kind: "audio-config";
  audioSpecificConfig: Uint8Array;
}

/** One access unit: AVCC length-prefixed NAL units, copied as they are. */
export interface VideoSampleInput {
  kind: "video";
  /** Decode time in milliseconds (FLV timestamp). */
  dtsMs: number;
  /** Presentation minus decode time in milliseconds (FLV CompositionTime). */
  ctsMs: number;
  /** A keyframe: decoding may start here. */
  sync: boolean;
  data: Uint8Array;
}

/** One raw AAC frame. */
export interface AudioSampleInput {
  kind: "audio";
  dtsMs: number;
  data: Uint8Array;
}

export type RemuxInput = VideoConfigInput | AudioConfigInput | VideoSampleInput | AudioSampleInput;
