/**
 * Synthetic segmenter output for origin tests: a video and an audio rendition cut into 2 s segments of
 * ten 0.2 s parts, fed part by part in step with a ManualClock, as the pipeline would feed LiveMedia.
 */
import type { ManualClock } from "#core/clock.ts";
import type { RenditionConfig } from "#transcoder/cmaf/package-model.ts";
import type { CmafPart, CmafSegment, SegmenterEvent } from "#transcoder/cmaf/types.ts";
import type { TrackInfo } from "#transcoder/codecs/track-info.ts";

export const PARTS_PER_SEGMENT = 10;
export const PART_SECONDS = 0.2;

export const RENDITIONS: RenditionConfig[] = [
  { name: "360p", kind: "video", bandwidth: 800_000, frameRate: 30 },
  { name: "audio", kind: "audio", bandwidth: 128_000 },
];

const TRACKS: Record<string, TrackInfo> = {
  "360p": { track_ID: 1, kind: "video", codec: "avc1.64001e", timescale: 90_000, width: 640, height: 360, default_sample_duration: 3000, default_sample_flags: 0 },
  audio: { track_ID: 1, kind: "audio", codec: "mp4a.40.2", timescale: 48_000, sampleRate: 48_000, channels: 2, default_sample_duration: 1024, default_sample_flags: 0 },
};

/** Part bytes say who they are: [rendition index, segment, part], so tests can check what was served. */
export function partBytes(rendition: string, sequence: number, index: number): Uint8Array {
  return new Uint8Array([RENDITIONS.findIndex((r) => r.name === rendition), sequence, index, 0xaa]);
}

export interface Sink {
  handle(rendition: string, event: SegmenterEvent): void;
}

/** Emits the ladder's events in pipeline order; `clock` advances 0.2 s before each part. */
export class SyntheticLadder {
  readonly #sink: Sink;
  readonly #clock: ManualClock;
  readonly #open = new Map<string, CmafPart[]>();
  readonly #discontinuous = new Map<string, boolean>();
  readonly #versions = new Map<string, number>();
  /** Header version of each rendition's open segment, fixed at its first part. */
  readonly #openVersion = new Map<string, number>();
  #step = 0;
  #discontinuityNext = false;

  constructor(sink: Sink, clock: ManualClock) {
    this.#sink = sink;
    this.#clock = clock;
    for (const r of RENDITIONS) {
      const track = TRACKS[r.name] as TrackInfo;
      sink.handle(r.name, { type: "init", init: { bytes: new Uint8Array([0x69, RENDITIONS.indexOf(r)]), track, version: 0 } });
    }
  }

  /** Position of the next part to be emitted. */
  get next(): { msn: number; part: number } {
    return { msn: Math.floor(this.#step / PARTS_PER_SEGMENT), part: this.#step % PARTS_PER_SEGMENT };
  }

  /** Emits `count` parts on every rendition; a part 0 first completes the previous segment. */
  parts(count: number): void {
    for (let i = 0; i < count; i++) {
      this.#clock.advance(PART_SECONDS * 1000);
      const { msn, part } = this.next;
      for (const r of RENDITIONS) {
        if (part === 0 && msn > 0) this.#complete(r.name);
        this.#emitPart(r.name, msn, part);
      }
      this.#step++;
    }
  }

  /** Emits whole segments' worth of parts. */
  segments(count: number): void {
    this.parts(count * PARTS_PER_SEGMENT);
  }

  /**
   * The segment started by the next part follows a source change (EXT-X-DISCONTINUITY); renditions in
   * `newHeaders` get the next header version first (their own `init-<n>.mp4`), the others keep theirs.
   */
  discontinuity(newHeaders: readonly string[] = []): void {
    this.#discontinuityNext = true;
    for (const name of newHeaders) {
      const version = (this.#versions.get(name) ?? 0) + 1;
      this.#versions.set(name, version);
      const track = TRACKS[name] as TrackInfo;
      const init = { bytes: new Uint8Array([0x69, RENDITIONS.findIndex((r) => r.name === name), version]), track: track.kind === "video" ? { ...track, width: 1280, height: 720 } : track, version };
      this.#sink.handle(name, { type: "init", init });
    }
  }

  /** End of stream: the open segment completes (the segmenter's flush). */
  flush(): void {
    for (const r of RENDITIONS) this.#complete(r.name);
  }

  #emitPart(rendition: string, sequence: number, index: number): void {
    const timescale = (TRACKS[rendition] as TrackInfo).timescale;
    const duration = Math.round(PART_SECONDS * timescale);
    const part: CmafPart = { segmentSequence: sequence, index, decodeTime: (sequence * PARTS_PER_SEGMENT + index) * duration, duration, timescale, independent: index === 0 || rendition === "audio", bytes: partBytes(rendition, sequence, index) };
    const open = this.#open.get(rendition) ?? [];
    if (index === 0) this.#discontinuous.set(rendition, this.#discontinuityNext);
    if (index === 0) this.#openVersion.set(rendition, this.#versions.get(rendition) ?? 0);
    if (index === 0 && rendition === RENDITIONS[RENDITIONS.length - 1]?.name) this.#discontinuityNext = false;
    open.push(part);
    this.#open.set(rendition, open);
    this.#sink.handle(rendition, { type: "part", part });
  }

  #complete(rendition: string): void {
    const parts = this.#open.get(rendition) ?? [];
    this.#open.set(rendition, []);
    const first = parts[0];
    if (first === undefined) return;
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.bytes.byteLength, 0));
    parts.reduce((offset, p) => (bytes.set(p.bytes, offset), offset + p.bytes.byteLength), 0);
    const segment: CmafSegment = { sequence: first.segmentSequence, decodeTime: first.decodeTime, duration: parts.reduce((n, p) => n + p.duration, 0), timescale: first.timescale, parts, bytes, discontinuity: this.#discontinuous.get(rendition) === true, initVersion: this.#openVersion.get(rendition) ?? 0 };
    this.#sink.handle(rendition, { type: "segment", segment });
  }
}
