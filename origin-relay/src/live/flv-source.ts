/**
 * An RTMP publisher's FLV tags as a broadcast session: holds tags until the source is known
 * (SourceGate), keeps onMetaData and the sequence headers for ffmpeg restarts, and reports every
 * frame to the ingest meter.
 */
import type { IngestMeter } from "#relay/health/ingest-meter.ts";
import { parseAudioTag } from "#relay/flv/audio-tag.ts";
import { CodecInfoTracker, type IngestCodecInfo } from "#relay/flv/codec-info.ts";
import type { StreamMetadata } from "#relay/flv/metadata.ts";
import { encodeFlvHeader, encodeFlvTag } from "#relay/flv/muxer.ts";
import { FlvTagType, type FlvTag } from "#relay/flv/tag.ts";
import { isKeyframe, isSequenceHeader, parseVideoTag } from "#relay/flv/video-tag.ts";
import { concatBytes, type SessionInput, type SessionTarget } from "./session-input.ts";
import { SourceGate } from "./source-gate.ts";

export class FlvSource {
  readonly #target: SessionTarget;
  readonly #meter: IngestMeter | undefined;
  readonly #codecs = new CodecInfoTracker();
  readonly #gate = new SourceGate();
  readonly #preamble: { metadata?: Uint8Array; video?: Uint8Array; audio?: Uint8Array } = {};
  #open = false;

  constructor(target: SessionTarget, meter?: IngestMeter) {
    this.#target = target;
    this.#meter = meter;
  }

  get codecInfo(): IngestCodecInfo {
    return this.#codecs.info;
  }

  onTag(tag: FlvTag): void {
    if (tag.type === FlvTagType.script) this.#preamble.metadata = encodeFlvTag({ ...tag, timestamp: 0 });
    this.#codecs.observe(tag);
    this.#remember(tag);
    if (this.#open) return this.#target.write(encodeFlvTag(tag));
    const released = this.#gate.hold(tag, this.#codecs.info);
    if (!released) return;
    this.#open = true;
    this.#target.open(this.#input(), released.map((held) => encodeFlvTag(held)));
  }

  observeMetadata(metadata: StreamMetadata): void {
    this.#codecs.observeMetadata(metadata);
  }

  #input(): SessionInput {
    const header = (audio: boolean) => encodeFlvHeader({ audio, video: true });
    return {
      inputFormat: "flv",
      codecInfo: this.#codecs.info,
      hasAudio: this.#gate.hasAudio || this.#codecs.info.audio !== undefined,
      header,
      preamble: (audio) => concatBytes([header(audio), this.#preamble.metadata, this.#preamble.video, this.#preamble.audio]),
    };
  }

  #remember(tag: FlvTag): void {
    try {
      if (tag.type === FlvTagType.video) {
        const video = parseVideoTag(tag.payload);
        if (isSequenceHeader(video)) this.#preamble.video = encodeFlvTag({ ...tag, timestamp: 0 });
        else this.#meter?.frame({ kind: "video", dtsMs: tag.timestamp, keyframe: isKeyframe(video), size: tag.payload.byteLength });
      } else if (tag.type === FlvTagType.audio) {
        if (parseAudioTag(tag.payload).aacPacketType === 0) this.#preamble.audio = encodeFlvTag({ ...tag, timestamp: 0 });
        else this.#meter?.frame({ kind: "audio", dtsMs: tag.timestamp, keyframe: true, size: tag.payload.byteLength });
      }
    } catch {
      // Unparseable tags are relayed untouched; they just are not kept for restarts or measured.
    }
  }
}
