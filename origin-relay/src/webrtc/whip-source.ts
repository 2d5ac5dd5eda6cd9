/**
 * A WHIP publisher's media as a broadcast session. Access units (from the H.264 depacketizer) and
 * Opus packets become a live Matroska stream for the ladder's ffmpeg, which copies the passthrough
 * video and encodes the audio to AAC once, as it does for every source. Each video unit also carries
 * its demuxed form (the AVC configuration record and a length-prefixed sample), which the real-time
 * feed reads like an RTMP source's. Nothing is sent before the first IDR with its SPS and PPS: the
 * Matroska header needs them, and the ladder needs the picture size.
 */
import type { SourceUnit } from "../demux/source-unit.ts";
import type { IngestCodecInfo } from "../flv/codec-info.ts";
import type { IngestMeter } from "../health/ingest-meter.ts";
import type { SessionTarget } from "../live/session-input.ts";
import { avcCodecFromSps } from "../mpegts/elementary.ts";
import { spsPictureSize } from "#transcoder/codecs/avc-sps.ts";
import { concat } from "#core/bytes/concat.ts";
import { avcDecoderConfiguration, isIdr, lengthPrefixed, nalType, NalType } from "./h264/nal-units.ts";
import { AUDIO_TRACK, ClusterWriter, streamHeader, VIDEO_TRACK, type LiveTracks } from "./matroska/live-writer.ts";

/** WebRTC declares no frame rate; the ladder's GOPs are fitted to this one (the senders' usual rate). */
export const ASSUMED_FRAME_RATE = 30;
const OPUS = { channels: 2, sampleRate: 48_000 } as const;

export class WhipSource {
  readonly #target: SessionTarget;
  readonly #meter: IngestMeter | undefined;
  readonly #hasAudio: boolean;
  readonly #clusters = new ClusterWriter();
  #header: Uint8Array | undefined;
  #info: IngestCodecInfo = {};

  /** `hasAudio`: the offer negotiated an Opus track. */
  constructor(target: SessionTarget, options: { hasAudio: boolean; meter?: IngestMeter | undefined }) {
    this.#target = target;
    this.#hasAudio = options.hasAudio;
    this.#meter = options.meter;
  }

  get codecInfo(): IngestCodecInfo {
    return this.#info;
  }

  /** One access unit at `ms` (session time, from its RTP timestamp). */
  video(nalUnits: Uint8Array[], ms: number): void {
    const keyframe = isIdr(nalUnits);
    this.#meter?.frame({ kind: "video", dtsMs: ms, keyframe, size: nalUnits.reduce((n, unit) => n + unit.byteLength, 0) });
    if (this.#header === undefined && !(keyframe && this.#open(nalUnits))) return;
    const data = lengthPrefixed(nalUnits.filter((unit) => nalType(unit) !== NalType.accessUnitDelimiter));
    const bytes = this.#clusters.block(VIDEO_TRACK, ms, keyframe, data);
    this.#target.write({ media: { kind: "video", dtsMs: ms, ctsMs: 0, sync: keyframe, data }, bytes, size: bytes.byteLength });
  }

  /** One Opus packet at `ms` (session time). */
  audio(packet: Uint8Array, ms: number): void {
    this.#meter?.frame({ kind: "audio", dtsMs: ms, keyframe: true, size: packet.byteLength });
    if (this.#header === undefined || !this.#hasAudio) return;
    const bytes = this.#clusters.block(AUDIO_TRACK, ms, true, packet);
    this.#target.write({ media: undefined, bytes, size: bytes.byteLength });
  }

  /** Opens the session on the first IDR that brings its parameter sets; false when it does not. */
  #open(nalUnits: Uint8Array[]): boolean {
    const sps = nalUnits.find((unit) => nalType(unit) === NalType.sps);
    const pps = nalUnits.find((unit) => nalType(unit) === NalType.pps);
    if (sps === undefined || pps === undefined) return false;
    const { width, height } = spsPictureSize(sps);
    const record = avcDecoderConfiguration(sps, pps);
    const tracks: LiveTracks = { video: { avcDecoderConfiguration: record, width, height }, audio: this.#hasAudio ? OPUS : undefined };
    const header = (this.#header = streamHeader(tracks));
    this.#info = { video: { codec: avcCodecFromSps(sps), width, height, frameRate: ASSUMED_FRAME_RATE }, ...(this.#hasAudio ? { audio: { codec: "opus", ...OPUS } } : {}) };
    const config: SourceUnit = { media: { kind: "video-config", record, width, height }, bytes: new Uint8Array(0), size: record.byteLength };
    this.#target.open(
      {
        inputFormat: "matroska",
        codecInfo: this.#info,
        hasAudio: this.#hasAudio,
        header: () => header,
        // A restarted ffmpeg joins inside the current Cluster.
        preamble: () => concat([header, this.#clusters.current]),
      },
      [config],
    );
    return true;
  }
}
