/**
 * What ingest health reports about a publish: codecs from the sequence headers, sizes and rates from
 * onMetaData. `observe` returns true when something changed, so callers can emit on change only.
 */
import { isTributaryError } from "#core/errors.ts";
import { parseAvcC } from "#transcoder/boxes/avcC.ts";
import { parseAudioSpecificConfig } from "#transcoder/codecs/aac.ts";
import { avcCodecString } from "#transcoder/codecs/avc.ts";
import { spsPictureSize } from "#transcoder/codecs/avc-sps.ts";
import { parseAudioTag, type AudioTag } from "./audio-tag.ts";
import type { StreamMetadata } from "./metadata.ts";
import { FlvTagType, type FlvTag } from "./tag.ts";
import { isSequenceHeader, parseVideoTag, type VideoTag } from "./video-tag.ts";

export interface IngestCodecInfo {
  video?: { codec: string; width?: number; height?: number; frameRate?: number };
  audio?: { codec: string; sampleRate?: number; channels?: number };
  metadata?: StreamMetadata;
}

export class CodecInfoTracker {
  info: IngestCodecInfo = {};

  observeMetadata(metadata: StreamMetadata): boolean {
    const video = this.info.video ?? { codec: "unknown" };
    this.info = {
      ...this.info,
      metadata,
      video: { ...video, width: metadata.width ?? video.width, height: metadata.height ?? video.height, frameRate: metadata.frameRate ?? video.frameRate },
    };
    return true;
  }

  /**
   * Reads sequence headers. Best effort: a tag we cannot parse is still relayed untouched (the
   * transcoder decides), so it only leaves the info unchanged.
   */
  observe(tag: FlvTag): boolean {
    try {
      if (tag.type === FlvTagType.video) return this.observeParsed(parseVideoTag(tag.payload), undefined);
      if (tag.type === FlvTagType.audio) return this.observeParsed(undefined, parseAudioTag(tag.payload));
      return false;
    } catch (error) {
      if (isTributaryError(error)) return false;
      throw error;
    }
  }

  /** The same from a tag's already parsed header (the relay parses each tag once). */
  observeParsed(video: VideoTag | undefined, audio: AudioTag | undefined): boolean {
    try {
      return this.#observe(video, audio);
    } catch (error) {
      if (isTributaryError(error)) return false;
      throw error;
    }
  }

  #observe(video: VideoTag | undefined, audio: AudioTag | undefined): boolean {
    if (video !== undefined) {
      if (!isSequenceHeader(video)) return false;
      if (video.codec !== "avc1") {
        this.info = { ...this.info, video: { ...this.info.video, codec: video.codec } };
        return true;
      }
      const record = parseAvcC(video.data);
      const sps = record.sequenceParameterSets[0];
      // The SPS is the authority on picture size; onMetaData may be missing or stale.
      const size = sps === undefined ? {} : spsPictureSize(sps);
      this.info = { ...this.info, video: { ...this.info.video, codec: avcCodecString("avc1", record), ...size } };
      return true;
    }
    if (audio !== undefined) {
      if (audio.aacPacketType === 0) {
        const config = parseAudioSpecificConfig(audio.data);
        this.info = { ...this.info, audio: { codec: `mp4a.40.${config.audioObjectType}`, sampleRate: config.samplingFrequency, channels: config.channelConfiguration } };
        return true;
      }
      if (!this.info.audio) {
        this.info = { ...this.info, audio: { codec: audio.codec } };
        return true;
      }
    }
    return false;
  }
}
