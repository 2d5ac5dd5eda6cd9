/**
 * An RTMP publisher's FLV tags as a broadcast session. Each tag is demuxed once (FlvUnit) and that one
 * parse serves everything here: codec info, the source gate that holds tags until the source is known,
 * the onMetaData and sequence headers kept for ffmpeg restarts, the ingest meter, and the remuxer's
 * input. FLV bytes are produced only when an ffmpeg ladder reads them.
 */
import { concat } from "#core/bytes/concat.ts";
import { FlvUnit } from "../demux/flv-unit.ts";
import type { IngestMeter } from "../health/ingest-meter.ts";
import { CodecInfoTracker, type IngestCodecInfo } from "../flv/codec-info.ts";
import type { StreamMetadata } from "../flv/metadata.ts";
import { encodeFlvHeader, encodeFlvTag } from "../flv/muxer.ts";
import { FlvTagType, type FlvTag } from "../flv/tag.ts";
import { isKeyframe, isSequenceHeader } from "../flv/video-tag.ts";
import type { SessionInput, SessionTarget } from "./session-input.ts";
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
    const unit = new FlvUnit(tag);
    if (tag.type === FlvTagType.script) this.#preamble.metadata = encodeFlvTag({ ...tag, timestamp: 0 });
    this.#codecs.observeParsed(unit.video, unit.audio);
    this.#remember(unit);
    if (this.#open) return this.#target.write(unit);
    const released = this.#gate.hold(unit, this.#codecs.info);
    if (!released) return;
    this.#open = true;
    this.#target.open(this.#input(), released);
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
      preamble: (audio) => concat([header(audio), this.#preamble.metadata, this.#preamble.video, this.#preamble.audio]),
    };
  }

  /** Sequence headers are kept (at time 0) for a restarted ffmpeg; frames are metered. Unparsed tags are neither. */
  #remember(unit: FlvUnit): void {
    const { tag, video, audio } = unit;
    if (video !== undefined) {
      if (isSequenceHeader(video)) this.#preamble.video = encodeFlvTag({ ...tag, timestamp: 0 });
      else this.#meter?.frame({ kind: "video", dtsMs: tag.timestamp, keyframe: isKeyframe(video), size: tag.payload.byteLength });
    } else if (audio !== undefined) {
      if (audio.aacPacketType === 0) this.#preamble.audio = encodeFlvTag({ ...tag, timestamp: 0 });
      else this.#meter?.frame({ kind: "audio", dtsMs: tag.timestamp, keyframe: true, size: tag.payload.byteLength });
    }
  }
}
