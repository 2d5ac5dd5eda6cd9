/**
 * The relay's FLV as remuxer input: reads the session's FLV byte stream (header, then tags) and turns
 * AVC sequence headers and NAL unit frames, AAC AudioSpecificConfigs and raw frames into `RemuxInput`s.
 * A tag we cannot read, or of a codec the remuxer does not copy, is skipped and counted, never thrown on.
 */
import { isTributaryError, TributaryError } from "#core/errors.ts";
import type { RemuxInput } from "#transcoder/remux/remux-input.ts";
import { parseAudioTag } from "#relay/flv/audio-tag.ts";
import { parseAvcDecoderConfigurationRecord } from "#relay/flv/avc-decoder-configuration-record.ts";
import { FlvReader } from "#relay/flv/reader.ts";
import { spsPictureSize } from "#relay/flv/sps.ts";
import { FlvTagType, type FlvTag } from "#relay/flv/tag.ts";
import { isKeyframe, isSequenceHeader, parseVideoTag, VideoPacketType } from "#relay/flv/video-tag.ts";

/** AAC (video_file_format_spec_v10_1 §E.4.2.1 SoundFormat 10). */
const SOUND_FORMAT_AAC = 10;

export class FlvRemuxInput {
  readonly #reader = new FlvReader();
  /** Tags skipped: unreadable, or a codec that is not AVC/AAC. */
  skipped = 0;

  /** Bytes of the FLV stream in, remuxer inputs out. */
  push(bytes: Uint8Array): RemuxInput[] {
    const out: RemuxInput[] = [];
    for (const tag of this.#reader.push(bytes)) {
      try {
        const input = remuxInput(tag);
        if (input !== undefined) out.push(input);
      } catch (error) {
        if (!isTributaryError(error)) throw error;
        this.skipped++;
      }
    }
    return out;
  }
}

/** One tag's input, `undefined` for what carries none (script data, end of sequence). */
export function remuxInput(tag: FlvTag): RemuxInput | undefined {
  if (tag.type === FlvTagType.video) {
    const video = parseVideoTag(tag.payload);
    if (video.codec !== "avc1") throw notCopied(video.codec);
    if (isSequenceHeader(video)) {
      const sps = parseAvcDecoderConfigurationRecord(video.data).sequenceParameterSets[0];
      const size = sps === undefined ? { width: 0, height: 0 } : spsPictureSize(sps);
      return { kind: "video-config", record: video.data, ...size };
    }
    if (video.packetType !== VideoPacketType.codedFrames) return undefined;
    return { kind: "video", dtsMs: tag.timestamp, ctsMs: video.compositionTime, sync: isKeyframe(video), data: video.data };
  }
  if (tag.type === FlvTagType.audio) {
    const audio = parseAudioTag(tag.payload);
    if (audio.soundFormat !== SOUND_FORMAT_AAC) throw notCopied(audio.codec);
    return audio.aacPacketType === 0 ? { kind: "audio-config", audioSpecificConfig: audio.data } : { kind: "audio", dtsMs: tag.timestamp, data: audio.data };
  }
  return undefined;
}

/** The broadcast only picks the remuxer for AVC + AAC; a later tag of another codec is skipped. */
function notCopied(codec: string): TributaryError {
  return new TributaryError("media.invalid", `${codec} is not remuxed (AVC and AAC only)`);
}
