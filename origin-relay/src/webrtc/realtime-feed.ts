/**
 * One live stream's media for WebRTC viewers, as its publisher sends it: H.264 access units from any
 * source (the demuxed units every session hands its broadcast) and Opus packets from a WHIP publisher.
 * Nothing is re-encoded; a source with B-frames (composition offsets) cannot be sent this way and is
 * reported as not playable. Viewers join at the next keyframe, which the feed asks the publisher for.
 */
import { parseAvcC } from "#transcoder/boxes/avcC.ts";
import type { SourceUnit } from "../demux/source-unit.ts";
import { isIdr, nalType, NalType, splitLengthPrefixed } from "./h264/nal-units.ts";

export interface RealtimeAccessUnit {
  /** NAL units; a keyframe carries its SPS and PPS first. */
  nalUnits: Uint8Array[];
  /** Session milliseconds. */
  ms: number;
  keyframe: boolean;
}

export interface RealtimeViewer {
  video(unit: RealtimeAccessUnit): void;
  audio(packet: Uint8Array, ms: number): void;
}

export class RealtimeFeed {
  readonly #viewers = new Set<RealtimeViewer>();
  #parameterSets: Uint8Array[] = [];
  #lengthSize = 4;
  #reordered = false;
  #sawVideo = false;
  /** Set by a publisher that can make a keyframe on request (WHIP: an RTCP PLI). */
  requestKeyframe: (() => void) | undefined;

  get viewers(): number {
    return this.#viewers.size;
  }

  /** Why viewers cannot be served now, or undefined when they can. */
  get unplayable(): string | undefined {
    if (this.#reordered) return "the source has B-frames; real-time playback needs a WebRTC rendition";
    if (!this.#sawVideo) return "the stream is not sending H.264 video";
    return undefined;
  }

  subscribe(viewer: RealtimeViewer): () => void {
    this.#viewers.add(viewer);
    this.requestKeyframe?.();
    return () => this.#viewers.delete(viewer);
  }

  /** A new publisher session: what the previous one declared no longer holds. */
  reset(): void {
    this.#parameterSets = [];
    this.#reordered = false;
    this.#sawVideo = false;
  }

  /** A unit a session hands its broadcast; only its demuxed H.264 is read. */
  unit(unit: SourceUnit): void {
    const media = unit.media;
    if (media?.kind === "video-config") {
      try {
        const record = parseAvcC(media.record);
        this.#parameterSets = [...record.sequenceParameterSets, ...record.pictureParameterSets];
        this.#lengthSize = record.lengthSizeMinusOne + 1;
      } catch {
        this.#parameterSets = []; // not AVC: nothing to send
      }
      return;
    }
    if (media?.kind !== "video" || this.#parameterSets.length === 0) return;
    if (media.ctsMs !== 0) this.#reordered = true;
    if (this.#reordered) return;
    this.#sawVideo = true;
    if (this.#viewers.size === 0) return;
    const nalUnits = splitLengthPrefixed(media.data, this.#lengthSize).filter((unit) => nalType(unit) !== NalType.accessUnitDelimiter);
    const keyframe = media.sync || isIdr(nalUnits);
    const hasSps = nalUnits.some((unit) => nalType(unit) === NalType.sps);
    const access: RealtimeAccessUnit = { nalUnits: keyframe && !hasSps ? [...this.#parameterSets, ...nalUnits] : nalUnits, ms: media.dtsMs, keyframe };
    for (const viewer of this.#viewers) viewer.video(access);
  }

  opus(packet: Uint8Array, ms: number): void {
    for (const viewer of this.#viewers) viewer.audio(packet, ms);
  }
}
