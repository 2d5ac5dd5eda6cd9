/**
 * A push-style MPEG-TS reader for ingest: finds the program (PAT → PMT), reassembles the video and
 * audio PES packets and reports one frame per PES with its decode time, whether it is a keyframe, and
 * the codec configuration it carries (H.264 SPS, AAC ADTS header). It never touches the bytes the
 * transcoder gets; it only watches them.
 *
 * @example
 * const demuxer = new TsDemuxer();
 * for (const event of demuxer.push(chunk)) if (event.type === "frame") meter.frame(event.frame);
 */
import { concat } from "#core/bytes/concat.ts";
import { TributaryError } from "#core/errors.ts";
import { annexBNalUnits, h264NalType, hevcNalType, parseAdtsHeader, type AdtsConfig } from "./elementary.ts";
import { parseTsPacket, SYNC_BYTE, TS_PACKET_SIZE } from "./packet.ts";
import { parsePesHeader } from "./pes.ts";
import { parsePat, parsePmt, StreamType, type PmtStream } from "./psi.ts";

export interface TsFrame {
  kind: "video" | "audio";
  /** Decode time in milliseconds (from the 90 kHz DTS, or PTS when no DTS). */
  dtsMs: number | undefined;
  keyframe: boolean;
  /** PES payload bytes. */
  size: number;
  /** The H.264 SPS NAL (header byte included) when this frame carries one. */
  sps?: Uint8Array;
  adts?: AdtsConfig;
}

export type TsEvent =
  | { type: "program"; video: { codec: "h264" | "hevc" | "other"; streamType: number } | undefined; audio: { streamType: number } | undefined }
  | { type: "frame"; frame: TsFrame };

export interface TsDemuxerLimits {
  /** Largest PES reassembled; a larger one is reported from what was kept (video PES may declare no length). */
  maxPesBytes: number;
}

interface PesBuffer {
  kind: "video" | "audio";
  streamType: number;
  chunks: Uint8Array[];
  bytes: number;
  random_access: boolean;
}

export class TsDemuxer {
  readonly #limits: TsDemuxerLimits;
  #remainder: Uint8Array = new Uint8Array(0);
  #pmtPids = new Set<number>();
  #streams = new Map<number, { kind: "video" | "audio"; streamType: number }>();
  #pes = new Map<number, PesBuffer>();

  constructor(limits: TsDemuxerLimits = { maxPesBytes: 4 * 1024 * 1024 }) {
    this.#limits = limits;
  }

  /** Bytes held: a partial packet and the PES packets still open (each at most maxPesBytes). */
  get bufferedBytes(): number {
    let total = this.#remainder.byteLength;
    for (const open of this.#pes.values()) total += open.bytes;
    return total;
  }

  /** Feeds bytes in arrival order (any split); returns what the complete packets among them finish. */
  push(bytes: Uint8Array): TsEvent[] {
    const data = this.#remainder.byteLength === 0 ? bytes : concat([this.#remainder, bytes]);
    const events: TsEvent[] = [];
    let i = 0;
    while (i + TS_PACKET_SIZE <= data.byteLength) {
      if (data[i] !== SYNC_BYTE) {
        i++; // resynchronise on the next sync byte (§2.4.3.3)
        continue;
      }
      this.#onPacket(data.subarray(i, i + TS_PACKET_SIZE), events);
      i += TS_PACKET_SIZE;
    }
    this.#remainder = data.slice(i);
    return events;
  }

  /** End of input: completes the PES packets still open. */
  flush(): TsEvent[] {
    const events: TsEvent[] = [];
    for (const pid of [...this.#pes.keys()]) this.#completePes(pid, events);
    return events;
  }

  #onPacket(bytes: Uint8Array, events: TsEvent[]): void {
    try {
      this.#readPacket(bytes, events);
    } catch (error) {
      // A corrupt packet (or PSI section) is skipped; the transcoder sees it anyway. Letting it
      // escape would throw out of the SRT connection's data handler and lose the packets around it.
      if (error instanceof TributaryError) return;
      throw error;
    }
  }

  #readPacket(bytes: Uint8Array, events: TsEvent[]): void {
    const packet = parseTsPacket(bytes);
    const { PID, payload } = packet;
    if (PID === 0 && packet.payload_unit_start_indicator) {
      const pids = parsePat(payload);
      if (pids !== undefined) this.#pmtPids = new Set(pids);
      return;
    }
    if (this.#pmtPids.has(PID) && packet.payload_unit_start_indicator) {
      const streams = parsePmt(payload);
      if (streams !== undefined) this.#onPmt(streams, events);
      return;
    }
    const stream = this.#streams.get(PID);
    if (stream === undefined) return;
    if (packet.payload_unit_start_indicator) {
      this.#completePes(PID, events);
      this.#pes.set(PID, { ...stream, chunks: [], bytes: 0, random_access: packet.random_access_indicator });
    }
    const open = this.#pes.get(PID);
    if (open === undefined || open.bytes + payload.byteLength > this.#limits.maxPesBytes) return;
    open.chunks.push(payload.slice());
    open.bytes += payload.byteLength;
  }

  #onPmt(streams: PmtStream[], events: TsEvent[]): void {
    const video = streams.find((s) => s.stream_type === StreamType.h264 || s.stream_type === StreamType.hevc);
    const audio = streams.find((s) => s.stream_type === StreamType.aacAdts);
    const next = new Map<number, { kind: "video" | "audio"; streamType: number }>();
    if (video) next.set(video.elementary_PID, { kind: "video", streamType: video.stream_type });
    if (audio) next.set(audio.elementary_PID, { kind: "audio", streamType: audio.stream_type });
    const changed = next.size !== this.#streams.size || [...next].some(([pid, s]) => this.#streams.get(pid)?.streamType !== s.streamType);
    if (!changed) return;
    this.#streams = next;
    const codec = video?.stream_type === StreamType.h264 ? "h264" : video?.stream_type === StreamType.hevc ? "hevc" : "other";
    events.push({ type: "program", video: video ? { codec, streamType: video.stream_type } : undefined, audio: audio ? { streamType: audio.stream_type } : undefined });
  }

  #completePes(pid: number, events: TsEvent[]): void {
    const open = this.#pes.get(pid);
    this.#pes.delete(pid);
    if (open === undefined || open.bytes === 0) return;
    const pes = concat(open.chunks);
    const header = parsePesHeader(pes);
    if (header === undefined) return;
    const data = pes.subarray(header.dataOffset);
    const dtsMs = header.DTS === undefined ? undefined : header.DTS / 90;
    if (open.kind === "audio") {
      const adts = parseAdtsHeader(data);
      events.push({ type: "frame", frame: { kind: "audio", dtsMs, keyframe: true, size: data.byteLength, ...(adts ? { adts } : {}) } });
      return;
    }
    let keyframe = open.random_access;
    let sps: Uint8Array | undefined;
    for (const unit of annexBNalUnits(data)) {
      if (open.streamType === StreamType.h264) {
        const type = h264NalType(unit);
        if (type === 5) keyframe = true;
        else if (type === 7) sps ??= unit.slice();
      } else if (open.streamType === StreamType.hevc) {
        const type = hevcNalType(unit);
        if (type >= 16 && type <= 21) keyframe = true;
      }
    }
    events.push({ type: "frame", frame: { kind: "video", dtsMs, keyframe, size: data.byteLength, ...(sps ? { sps } : {}) } });
  }
}

