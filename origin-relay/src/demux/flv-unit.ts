/**
 * One FLV tag read once: its video or audio header parsed a single time, the remuxer's input derived
 * from that parse, and the tag's FLV encoding (for an ffmpeg ladder) produced only when asked for.
 * A tag that does not parse is still relayed to ffmpeg untouched; it just carries no parsed header.
 */
import { isTributaryError } from "#core/errors.ts";
import { parseAvcC } from "#transcoder/boxes/avcC.ts";
import type { RemuxInput } from "#transcoder/remux/remux-input.ts";
import { parseAudioTag, type AudioTag } from "../flv/audio-tag.ts";
import { encodeFlvTag } from "../flv/muxer.ts";
import { spsPictureSize } from "#transcoder/codecs/avc-sps.ts";
import { FlvTagType, type FlvTag } from "../flv/tag.ts";
import { isKeyframe, isSequenceHeader, parseVideoTag, VideoPacketType, type VideoTag } from "../flv/video-tag.ts";
import type { SourceUnit } from "./source-unit.ts";

/** AAC (video_file_format_spec_v10_1 §E.4.2.1 SoundFormat 10). */
const SOUND_FORMAT_AAC = 10;

export class FlvUnit implements SourceUnit {
  readonly tag: FlvTag;
  /** The parsed video header, for a video tag that parses. */
  readonly video: VideoTag | undefined;
  /** The parsed audio header, for an audio tag that parses. */
  readonly audio: AudioTag | undefined;
  readonly media: RemuxInput | undefined;
  #bytes: Uint8Array | undefined;

  constructor(tag: FlvTag) {
    this.tag = tag;
    try {
      if (tag.type === FlvTagType.video) this.video = parseVideoTag(tag.payload);
      else if (tag.type === FlvTagType.audio) this.audio = parseAudioTag(tag.payload);
      this.media = remuxInput(tag, this.video, this.audio);
    } catch (error) {
      if (!isTributaryError(error)) throw error;
    }
  }

  get bytes(): Uint8Array {
    this.#bytes ??= encodeFlvTag(this.tag);
    return this.#bytes;
  }

  get size(): number {
    return this.tag.payload.byteLength;
  }

  /** A sequence header (AVC/HEVC configuration or AAC AudioSpecificConfig) rather than media. */
  get isConfig(): boolean {
    return (this.video !== undefined && isSequenceHeader(this.video)) || this.audio?.aacPacketType === 0;
  }
}

/** What the remuxer copies: AVC configurations and frames, AAC configurations and frames; nothing else. */
function remuxInput(tag: FlvTag, video: VideoTag | undefined, audio: AudioTag | undefined): RemuxInput | undefined {
  if (video !== undefined && video.codec === "avc1") {
    if (isSequenceHeader(video)) {
      const sps = parseAvcC(video.data).sequenceParameterSets[0];
      const size = sps === undefined ? { width: 0, height: 0 } : spsPictureSize(sps);
      return { kind: "video-config", record: video.data, ...size };
    }
    if (video.packetType !== VideoPacketType.codedFrames) return undefined;
    return { kind: "video", dtsMs: tag.timestamp, ctsMs: video.compositionTime, sync: isKeyframe(video), data: video.data };
  }
  if (audio !== undefined && audio.soundFormat === SOUND_FORMAT_AAC) {
    return audio.aacPacketType === 0 ? { kind: "audio-config", audioSpecificConfig: audio.data } : { kind: "audio", dtsMs: tag.timestamp, data: audio.data };
  }
  return undefined;
}
