/**
 * An SRT publisher's MPEG-TS as a broadcast session. The bytes go to ffmpeg untouched; a TsDemuxer
 * watches them to learn the source (picture size from the SPS, frame rate from DTS, audio from the
 * PMT and ADTS) before the ladder is fitted, and reports every frame to the ingest meter. Bytes are
 * held until then, within the same bounds as the FLV gate.
 */
import { bytesUnit, type SourceUnit } from "../demux/source-unit.ts";
import type { IngestMeter } from "../health/ingest-meter.ts";
import type { IngestCodecInfo } from "../flv/codec-info.ts";
import { spsPictureSize } from "#transcoder/codecs/avc-sps.ts";
import { TsDemuxer, type TsFrame } from "../mpegts/demuxer.ts";
import { avcCodecFromSps } from "../mpegts/elementary.ts";
import type { SessionTarget } from "./session-input.ts";
import { defaultSourceGatePolicy, type SourceGatePolicy } from "./source-gate.ts";

/** Video frames whose DTS spacing gives the frame rate. */
const FPS_SAMPLE = 8;

export class TsSource {
  readonly #target: SessionTarget;
  readonly #meter: IngestMeter | undefined;
  readonly #policy: SourceGatePolicy;
  readonly #demuxer = new TsDemuxer();
  #info: IngestCodecInfo = {};
  #program: { video: boolean; audio: boolean } | undefined;
  #videoDts: number[] = [];
  #firstDts: number | undefined;
  #lastDts: number | undefined;
  #held: SourceUnit[] = [];
  #heldBytes = 0;
  #open = false;

  constructor(target: SessionTarget, meter?: IngestMeter, policy: SourceGatePolicy = defaultSourceGatePolicy) {
    this.#target = target;
    this.#meter = meter;
    this.#policy = policy;
  }

  get codecInfo(): IngestCodecInfo {
    return this.#info;
  }

  push(bytes: Uint8Array): void {
    for (const event of this.#demuxer.push(bytes)) {
      if (event.type === "program") {
        this.#program = { video: event.video !== undefined, audio: event.audio !== undefined };
        if (event.video && event.video.codec !== "h264") this.#info = { ...this.#info, video: { ...this.#info.video, codec: event.video.codec === "hevc" ? "hvc1" : "unknown" } };
      } else this.#onFrame(event.frame);
    }
    if (this.#open) return this.#target.write(bytesUnit(bytes));
    this.#held.push(bytesUnit(bytes));
    this.#heldBytes += bytes.byteLength;
    if (this.#ready()) {
      this.#open = true;
      const held = this.#held;
      this.#held = [];
      this.#target.open({ inputFormat: "mpegts", codecInfo: this.#info, hasAudio: this.#program?.audio === true, header: () => undefined, preamble: () => undefined }, held);
    }
  }

  #onFrame(frame: TsFrame): void {
    this.#meter?.frame(frame);
    if (frame.dtsMs !== undefined) {
      this.#firstDts ??= frame.dtsMs;
      this.#lastDts = frame.dtsMs;
    }
    if (frame.kind === "audio") {
      if (frame.adts && this.#info.audio === undefined) this.#info = { ...this.#info, audio: { codec: frame.adts.codec, ...(frame.adts.sampleRate ? { sampleRate: frame.adts.sampleRate } : {}), ...(frame.adts.channels ? { channels: frame.adts.channels } : {}) } };
      return;
    }
    if (frame.sps) {
      try {
        this.#info = { ...this.#info, video: { ...this.#info.video, codec: avcCodecFromSps(frame.sps), ...spsPictureSize(frame.sps) } };
      } catch {
        // An SPS we cannot read leaves the size unknown; the gate's bounds still open.
      }
    }
    if (frame.dtsMs !== undefined && this.#videoDts.length < FPS_SAMPLE) {
      this.#videoDts.push(frame.dtsMs);
      const first = this.#videoDts[0] ?? 0;
      const last = this.#videoDts[this.#videoDts.length - 1] ?? 0;
      if (this.#videoDts.length === FPS_SAMPLE && last > first) {
        const frameRate = Math.round((((FPS_SAMPLE - 1) * 1000) / (last - first)) * 100) / 100;
        this.#info = { ...this.#info, video: { codec: "unknown", ...this.#info.video, frameRate } };
      }
    }
  }

  /** Sized, frame rate known and audio settled (absent from the PMT, or its header seen); or out of patience. */
  #ready(): boolean {
    const video = this.#info.video;
    const known = this.#program !== undefined && video?.width !== undefined && video.frameRate !== undefined && (!this.#program.audio || this.#info.audio !== undefined);
    const waited = this.#lastDts !== undefined && this.#firstDts !== undefined ? this.#lastDts - this.#firstDts : 0;
    return known || waited >= this.#policy.maxWaitMs || this.#heldBytes >= this.#policy.maxBytes;
  }
}
