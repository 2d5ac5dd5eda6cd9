/**
 * A live Matroska stream for ffmpeg's stdin: the EBML header, a Segment and Clusters of unknown size
 * (RFC 8794 §6.2), Info, Tracks (H.264 with its AVCDecoderConfigurationRecord, Opus with its OpusHead),
 * then SimpleBlocks in arrival order. A Cluster opens at each video keyframe, and whenever a block's
 * time would not fit the 16-bit offset from its Cluster (Matroska §10.1).
 */
import { concat } from "#core/bytes/concat.ts";
import { element, float, openElement, text, uint } from "./ebml.ts";

/** Element IDs (Matroska, RFC 9559 §5.1). */
const Id = {
  EBML: 0x1a45dfa3, EBMLVersion: 0x4286, EBMLReadVersion: 0x42f7, EBMLMaxIDLength: 0x42f2, EBMLMaxSizeLength: 0x42f3, DocType: 0x4282, DocTypeVersion: 0x4287, DocTypeReadVersion: 0x4285,
  Segment: 0x18538067, Info: 0x1549a966, TimestampScale: 0x2ad7b1, MuxingApp: 0x4d80, WritingApp: 0x5741,
  Tracks: 0x1654ae6b, TrackEntry: 0xae, TrackNumber: 0xd7, TrackUID: 0x73c5, TrackType: 0x83, CodecID: 0x86, CodecPrivate: 0x63a2, CodecDelay: 0x56aa, SeekPreRoll: 0x56bb,
  Video: 0xe0, PixelWidth: 0xb0, PixelHeight: 0xba, Audio: 0xe1, SamplingFrequency: 0xb5, Channels: 0x9f,
  Cluster: 0x1f43b675, Timestamp: 0xe7, SimpleBlock: 0xa3,
} as const;

export const VIDEO_TRACK = 1;
export const AUDIO_TRACK = 2;
/** Opus decoders discard this much at the start (RFC 7845 §4.2: 80 ms of pre-roll after a seek). */
const OPUS_SEEK_PRE_ROLL_NS = 80_000_000;

export interface LiveTracks {
  video: { avcDecoderConfiguration: Uint8Array; width: number; height: number };
  audio?: { channels: number; sampleRate: number } | undefined;
}

/** The OpusHead identification header (RFC 7845 §5.1) Matroska carries as CodecPrivate. */
export function opusHead(channels: number, sampleRate: number): Uint8Array {
  const head = new Uint8Array(19);
  const view = new DataView(head.buffer);
  head.set(new TextEncoder().encode("OpusHead"));
  head[8] = 1; // version
  head[9] = channels;
  view.setUint16(10, 0, true); // pre-skip: a live stream starts mid-conversation
  view.setUint32(12, sampleRate, true);
  view.setInt16(16, 0, true); // output gain
  head[18] = 0; // channel mapping family 0: mono or stereo
  return head;
}

/** EBML header, open Segment, Info and Tracks: what ffmpeg reads before the first block. */
export function streamHeader(tracks: LiveTracks): Uint8Array {
  const ebml = element(Id.EBML, [uint(Id.EBMLVersion, 1), uint(Id.EBMLReadVersion, 1), uint(Id.EBMLMaxIDLength, 4), uint(Id.EBMLMaxSizeLength, 8), text(Id.DocType, "matroska"), uint(Id.DocTypeVersion, 4), uint(Id.DocTypeReadVersion, 2)]);
  const info = element(Id.Info, [uint(Id.TimestampScale, 1_000_000), text(Id.MuxingApp, "tributary"), text(Id.WritingApp, "tributary")]);
  const video = element(Id.TrackEntry, [
    uint(Id.TrackNumber, VIDEO_TRACK), uint(Id.TrackUID, VIDEO_TRACK), uint(Id.TrackType, 1), text(Id.CodecID, "V_MPEG4/ISO/AVC"),
    element(Id.CodecPrivate, tracks.video.avcDecoderConfiguration),
    element(Id.Video, [uint(Id.PixelWidth, tracks.video.width), uint(Id.PixelHeight, tracks.video.height)]),
  ]);
  const entries = [video];
  if (tracks.audio !== undefined) {
    entries.push(
      element(Id.TrackEntry, [
        uint(Id.TrackNumber, AUDIO_TRACK), uint(Id.TrackUID, AUDIO_TRACK), uint(Id.TrackType, 2), text(Id.CodecID, "A_OPUS"),
        element(Id.CodecPrivate, opusHead(tracks.audio.channels, tracks.audio.sampleRate)),
        uint(Id.CodecDelay, 0), uint(Id.SeekPreRoll, OPUS_SEEK_PRE_ROLL_NS),
        element(Id.Audio, [float(Id.SamplingFrequency, tracks.audio.sampleRate), uint(Id.Channels, tracks.audio.channels)]),
      ]),
    );
  }
  return concat([ebml, openElement(Id.Segment), info, element(Id.Tracks, entries)]);
}

/** Cuts Clusters and writes SimpleBlocks; times are milliseconds (TimestampScale 1 ms). */
export class ClusterWriter {
  #clusterMs: number | undefined;

  /** A Cluster header at `ms`, for a reader that joins now (a restarted ffmpeg after the stream header). */
  get current(): Uint8Array | undefined {
    return this.#clusterMs === undefined ? undefined : clusterHeader(this.#clusterMs);
  }

  block(track: number, ms: number, keyframe: boolean, data: Uint8Array): Uint8Array {
    const time = Math.round(ms);
    const offset = this.#clusterMs === undefined ? undefined : time - this.#clusterMs;
    const newCluster = offset === undefined || (track === VIDEO_TRACK && keyframe) || offset > 32_767 || offset < -32_768;
    let cluster: Uint8Array | undefined;
    if (newCluster) {
      this.#clusterMs = time;
      cluster = clusterHeader(time);
    }
    const header = new Uint8Array(4);
    header[0] = 0x80 | track; // track number as a one-byte VINT
    new DataView(header.buffer).setInt16(1, time - (this.#clusterMs ?? time));
    header[3] = keyframe ? 0x80 : 0;
    return concat([cluster, element(Id.SimpleBlock, [header, data])]);
  }
}

function clusterHeader(ms: number): Uint8Array {
  return concat([openElement(Id.Cluster), uint(Id.Timestamp, Math.max(0, ms))]);
}
