/** FLV tags (video_file_format_spec_v10_1 §E.4.1): the unit the relay receives and pipes to the transcoder. */

/** §E.4.1 TagType values. */
export const FlvTagType = { audio: 8, video: 9, script: 18 } as const;
export type FlvTagTypeId = (typeof FlvTagType)[keyof typeof FlvTagType];

/** One FLV tag: the RTMP audio/video/data message body is exactly an FLV tag body. */
export interface FlvTag {
  type: FlvTagTypeId;
  /** Milliseconds, 32-bit (§E.4.1 Timestamp + TimestampExtended). */
  timestamp: number;
  payload: Uint8Array;
}
