/**
 * Remuxes a source's AVC video and AAC audio into two CMAF track streams, byte for byte the shape
 * ffmpeg's fragmented-MP4 pipes have (`ftyp`+`moov`, then `moof`+`mdat` chunks), so the CMAF segmenter
 * takes either. Samples are copied, never decoded. An odd input (a frame before its configuration, a
 * configuration we cannot read, a timestamp out of line) is skipped or corrected, never thrown on;
 * only a sustained run of unusable timestamps is `media.invalid`.
 *
 * @example
 * const remuxer = new CmafRemuxer({ partDuration: 0.333, audio: true });
 * for (const { track, bytes } of remuxer.push(input)) segmenters[track].push(bytes);
 */
import { isTributaryError } from "#core/errors.ts";
import { audioInitSegment, videoInitSegment } from "./init-segment.ts";
import type { RemuxTrack } from "./init-segment.ts";
import type { AudioConfigInput, RemuxInput, VideoConfigInput } from "./remux-input.ts";
import { SampleTimeline } from "./sample-timeline.ts";
import type { TimelinePolicy } from "./sample-timeline.ts";
import type { CmafChunk } from "../cmaf/types.ts";
import { TrackFragmenter } from "./track-fragmenter.ts";

export type RemuxTrackKind = "video" | "audio";

export interface RemuxOutput {
  track: RemuxTrackKind;
  /** Header (`ftyp`+`moov`) or chunk (`moof`+`mdat`) bytes, in order per track. */
  bytes: Uint8Array;
  /** For a chunk: the same bytes with their timing, for the segmenter to take without parsing. */
  chunk?: CmafChunk;
}

export interface CmafRemuxerOptions {
  /** CMAF chunk (LL-HLS part) duration in seconds. */
  partDuration: number;
  /** Upper bound on a chunk's duration in seconds (the LL-HLS PART-TARGET), when there is one. */
  maxPartDuration?: number | undefined;
  /** Copy the AAC audio; when false audio input is ignored. */
  audio: boolean;
  timeline?: TimelinePolicy;
}

/** AAC-LC frames are 1024 samples (ISO/IEC 14496-3 §1.6.5). */
const AAC_FRAME_SAMPLES = 1024;
/** Composition offsets beyond this are treated as corrupt and dropped to 0. */
const MAX_COMPOSITION_OFFSET_MS = 10_000;
/** Until a frame rate is known, a video sample without successor lasts 1/30 s. */
const ASSUMED_FRAME_TICKS = 3_000;

interface TrackState {
  config: Uint8Array;
  track: RemuxTrack;
  timeline: SampleTimeline;
  fragmenter: TrackFragmenter;
}

export class CmafRemuxer {
  readonly #options: CmafRemuxerOptions;
  #video: TrackState | undefined;
  #audio: TrackState | undefined;
  /** Inputs dropped: samples before their configuration, unreadable configurations, empty frames. */
  skipped = 0;

  constructor(options: CmafRemuxerOptions) {
    if (!(options.partDuration > 0)) throw new TypeError("partDuration must be positive");
    this.#options = options;
  }

  /** Timestamps clamped or rebased so far, both tracks. */
  get corrections(): number {
    return (this.#video?.timeline.corrections ?? 0) + (this.#audio?.timeline.corrections ?? 0);
  }

  push(input: RemuxInput): RemuxOutput[] {
    switch (input.kind) {
      case "video-config":
        return this.#configure("video", input);
      case "audio-config":
        return this.#options.audio ? this.#configure("audio", input) : [];
      case "video": {
        const state = this.#video;
        if (state === undefined || input.data.byteLength === 0) return this.#skip();
        const ctsMs = Math.abs(input.ctsMs) > MAX_COMPOSITION_OFFSET_MS ? 0 : input.ctsMs;
        const dts = state.timeline.place(input.dtsMs);
        return emit("video", state.fragmenter.push({ dts, compositionOffset: state.timeline.ticks(ctsMs), sync: input.sync, data: input.data }));
      }
      case "audio": {
        const state = this.#audio;
        if (!this.#options.audio) return [];
        if (state === undefined || input.data.byteLength === 0) return this.#skip();
        const dts = state.timeline.place(input.dtsMs);
        return emit("audio", state.fragmenter.push({ dts, compositionOffset: 0, sync: true, data: input.data }));
      }
    }
  }

  /** End of input: closes both tracks' last chunks. */
  flush(): RemuxOutput[] {
    return [...this.#close("video"), ...this.#close("audio")];
  }

  #skip(): RemuxOutput[] {
    this.skipped++;
    return [];
  }

  /** A new configuration is a new header; a repeated identical one (encoders resend them) is nothing. */
  #configure(kind: RemuxTrackKind, input: VideoConfigInput | AudioConfigInput): RemuxOutput[] {
    const previous = kind === "video" ? this.#video : this.#audio;
    const config = input.kind === "video-config" ? input.record : input.audioSpecificConfig;
    if (previous !== undefined && sameBytes(previous.config, config)) return [];
    let track: RemuxTrack;
    try {
      track = input.kind === "video-config" ? videoInitSegment(input.record, input) : audioInitSegment(input.audioSpecificConfig);
      if (!(track.timescale > 0)) return this.#skip();
    } catch (error) {
      if (isTributaryError(error, "media.invalid")) return this.#skip();
      throw error;
    }
    const out = this.#close(kind);
    // The timeline carries on through a header change unless the timescale changed with it.
    const timeline =
      previous !== undefined && previous.track.timescale === track.timescale
        ? previous.timeline
        : new SampleTimeline({
            timescale: track.timescale,
            nominalDuration: kind === "audio" ? AAC_FRAME_SAMPLES : undefined,
            fallbackDuration: kind === "audio" ? AAC_FRAME_SAMPLES : ASSUMED_FRAME_TICKS,
            policy: this.#options.timeline,
          });
    const { partDuration, maxPartDuration } = this.#options;
    const fragmenter = new TrackFragmenter({
      track_ID: track.track_ID,
      partTicks: Math.round(partDuration * track.timescale),
      cutAtSync: kind === "video",
      maxPartTicks: maxPartDuration === undefined ? undefined : Math.floor(maxPartDuration * track.timescale),
    });
    const state: TrackState = { config: config.slice(), track, timeline, fragmenter };
    if (kind === "video") this.#video = state;
    else this.#audio = state;
    out.push({ track: kind, bytes: track.init });
    return out;
  }

  #close(kind: RemuxTrackKind): RemuxOutput[] {
    const state = kind === "video" ? this.#video : this.#audio;
    return state === undefined ? [] : emit(kind, state.fragmenter.flush(state.timeline.lastDuration));
  }
}

function emit(track: RemuxTrackKind, chunks: CmafChunk[]): RemuxOutput[] {
  return chunks.map((chunk) => ({ track, bytes: chunk.bytes.subarray(chunk.stypSize), chunk }));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
