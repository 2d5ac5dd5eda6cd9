/**
 * Video tag bodies: the legacy header (video_file_format_spec_v10_1 §E.4.3.1, AVC with AVCPacketType
 * and CompositionTime) and Enhanced RTMP's ExVideoTagHeader (enhanced-rtmp-v1 "Extending
 * VideoTagHeader": IsExHeader bit, PacketType, FourCC hvc1/av01/vp09).
 */
import { TributaryError } from "#core/errors.ts";
import type { ByteReader } from "#core/bytes/byte-reader.ts";
import { protocolReader } from "../rtmp/byte-reader.ts";

/** §E.4.3.1 FrameType (1 keyframe, 2 inter, 3 disposable, 4 generated keyframe, 5 command frame). */
export type VideoFrameType = number;

/** enhanced-rtmp-v1 PacketType; legacy AVC packet types map onto the first three. */
export const VideoPacketType = {
  sequenceStart: 0,
  codedFrames: 1,
  sequenceEnd: 2,
  codedFramesX: 3,
  metadata: 4,
  mpeg2TsSequenceStart: 5,
} as const;

/** §E.4.3.1 CodecID values we name. */
const LEGACY_CODECS: Record<number, string> = { 2: "h263", 3: "screen", 4: "vp6", 5: "vp6a", 6: "screen2", 7: "avc1" };
const ENHANCED_FOURCCS = new Set(["hvc1", "av01", "vp09", "avc1"]);

export interface VideoTag {
  frameType: VideoFrameType;
  /** "avc1", "hvc1", "av01", "vp09" (or a legacy name such as "vp6"). */
  codec: string;
  enhanced: boolean;
  /** A `VideoPacketType` value (legacy AVC: 0 sequence header, 1 NALUs, 2 end of sequence). */
  packetType: number;
  /** Presentation minus decode time in ms (AVC and HEVC CodedFrames), else 0. */
  compositionTime: number;
  /** The decoder configuration record, coded frames, or metadata body: a view into the payload. */
  data: Uint8Array;
}

export const isKeyframe = (tag: VideoTag): boolean => tag.frameType === 1 || tag.frameType === 4;
export const isSequenceHeader = (tag: VideoTag): boolean => tag.packetType === VideoPacketType.sequenceStart;

export function parseVideoTag(payload: Uint8Array): VideoTag {
  const reader = protocolReader(payload);
  const first = reader.u8();
  if (first & 0x80) return parseEnhanced(reader, (first >> 4) & 0x07, first & 0x0f);
  const frameType = first >> 4;
  const codecId = first & 0x0f;
  const codec = LEGACY_CODECS[codecId];
  if (!codec) throw new TributaryError("media.invalid", `unknown FLV video codec id ${codecId}`);
  if (codecId !== 7) return { frameType, codec, enhanced: false, packetType: VideoPacketType.codedFrames, compositionTime: 0, data: reader.rest() };
  // §E.4.3.1: AVCPacketType, then CompositionTime (SI24, 0 unless NALUs).
  const packetType = reader.u8();
  if (packetType > 2) throw new TributaryError("media.invalid", `unknown AVCPacketType ${packetType}`);
  const compositionTime = reader.i24();
  return { frameType, codec, enhanced: false, packetType, compositionTime: packetType === 1 ? compositionTime : 0, data: reader.rest() };
}

function parseEnhanced(reader: ByteReader, frameType: number, packetType: number): VideoTag {
  const fourCc = String.fromCharCode(...reader.take(4, "video FourCC"));
  if (!ENHANCED_FOURCCS.has(fourCc)) throw new TributaryError("media.invalid", `unsupported video FourCC ${JSON.stringify(fourCc)}`);
  if (packetType > VideoPacketType.mpeg2TsSequenceStart) throw new TributaryError("media.invalid", `unsupported enhanced video packet type ${packetType}`);
  let compositionTime = 0;
  // Only hvc1 and avc1 CodedFrames carry SI24 CompositionTime; CodedFramesX means it is zero.
  if (packetType === VideoPacketType.codedFrames && (fourCc === "hvc1" || fourCc === "avc1")) compositionTime = reader.i24();
  const normalized = packetType === VideoPacketType.codedFramesX ? VideoPacketType.codedFrames : packetType;
  return { frameType, codec: fourCc, enhanced: true, packetType: normalized, compositionTime, data: reader.rest() };
}
