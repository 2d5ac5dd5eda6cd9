/**
 * The CMAF segmenter: reads one track's fragmented MP4 as it arrives, exposes the header once, emits
 * every chunk as a part and cuts segments at sync samples on a fixed time grid, so every rendition of
 * a ladder with aligned GOPs cuts at the same decode times (ISO/IEC 23000-19 §7.3.3, §6.4 alignment).
 */
import { concat } from "#core/bytes/concat.ts";
import { invalidBox } from "../boxes/box-error.ts";
import type { RawBox } from "../boxes/children.ts";
import { parseMoof } from "../boxes/moof.ts";
import { rewriteMoof } from "../boxes/moof-rewrite.ts";
import { parseMoov } from "../boxes/moov.ts";
import { Mp4Reader } from "../boxes/mp4-reader.ts";
import { writeStyp } from "../boxes/styp.ts";
import { trackInfo } from "../codecs/track-info.ts";
import { fragmentTiming, type FragmentTiming } from "./fragment.ts";
import type { CmafChunk, CmafInit, CmafPart, CmafSegment, SegmenterEvent } from "./types.ts";

export interface CmafSegmenterOptions {
  /** Segment target in seconds; a segment closes at the first sync sample at or after the next grid point. */
  targetDuration?: number;
  /** Start every segment with an `styp` (ISO/IEC 14496-12 §8.16.2). */
  styp?: boolean;
  /** First media sequence number. */
  firstSequence?: number;
  maxBoxSize?: number;
}

interface OpenSegment {
  sequence: number;
  decodeTime: number;
  duration: number;
  parts: CmafPart[];
  discontinuity: boolean;
}

/**
 * @example
 * const segmenter = new CmafSegmenter({ targetDuration: 2 });
 * for (const event of segmenter.push(chunk)) if (event.type === "segment") store(event.segment);
 */
export class CmafSegmenter {
  readonly #targetDuration: number;
  readonly #styp: Uint8Array | undefined;
  readonly #reader: Mp4Reader;
  #ftyp: Uint8Array | undefined;
  #init: CmafInit | undefined;
  #pendingMoof: RawBox | undefined;
  #open: OpenSegment | undefined;
  #nextSequence: number;
  #fragmentSequence = 1;
  /** Grid origin in the current timescale; reset at each discontinuity. */
  #gridOrigin: number | undefined;
  /** End of the last emitted part, in the current timescale. */
  #timelineEnd: number | undefined;
  /** Ticks added to tfdt so the timeline continues across a source change. */
  #decodeTimeOffset: number | undefined;
  #discontinuityPending = false;
  #droppedLeading = 0;

  constructor(options: CmafSegmenterOptions = {}) {
    this.#targetDuration = options.targetDuration ?? 2;
    if (!(this.#targetDuration > 0)) throw new TypeError("targetDuration must be positive");
    this.#styp = options.styp === false ? undefined : writeStyp();
    this.#nextSequence = options.firstSequence ?? 0;
    this.#reader = new Mp4Reader(options.maxBoxSize === undefined ? {} : { maxBoxSize: options.maxBoxSize });
  }

  /** The current CMAF header, once `ftyp`+`moov` have arrived. */
  get init(): CmafInit | undefined {
    return this.#init;
  }

  /** Chunks dropped because they came before the first sync sample. */
  get droppedLeadingParts(): number {
    return this.#droppedLeading;
  }

  /** Feeds bytes from the encoder; returns the events they complete, in order. */
  push(bytes: Uint8Array): SegmenterEvent[] {
    const events: SegmenterEvent[] = [];
    for (const box of this.#reader.push(bytes)) this.#onBox(box, events);
    return events;
  }

  /** A chunk made in process (the remuxer's), with its timing: cut like a parsed one, with no box parsing. */
  pushChunk(chunk: CmafChunk): SegmenterEvent[] {
    const events: SegmenterEvent[] = [];
    if (this.#pendingMoof !== undefined) throw invalidBox("chunk after a moof without mdat");
    const moofEnd = chunk.stypSize + chunk.moofSize;
    const moof = chunk.bytes.subarray(chunk.stypSize, moofEnd);
    this.#cut({ type: "moof", bytes: moof, payload: moof.subarray(8) }, chunk.bytes.subarray(moofEnd), chunk.timing, events, chunk);
    return events;
  }

  /** End of stream: closes the open segment. */
  flush(): SegmenterEvent[] {
    const events: SegmenterEvent[] = [];
    this.#closeSegment(events);
    return events;
  }

  /**
   * The source is being replaced (reconnect, resolution or codec change): closes the open segment and
   * drops partial bytes. The next header is a new `CmafInit` version, and the next segment is marked
   * as a discontinuity whose decode times continue where this source ended.
   */
  discontinuity(): SegmenterEvent[] {
    const events = this.flush();
    this.#reader.reset();
    this.#pendingMoof = undefined;
    this.#ftyp = undefined;
    this.#discontinuityPending = this.#init !== undefined;
    return events;
  }

  #onBox(box: RawBox, events: SegmenterEvent[]): void {
    switch (box.type) {
      case "ftyp":
        // A header in the middle of a stream means the producer restarted without telling us.
        if (this.#open !== undefined || this.#pendingMoof !== undefined) events.push(...this.discontinuity());
        this.#ftyp = box.bytes;
        return;
      case "moov":
        return this.#onMoov(box, events);
      case "moof":
        if (this.#pendingMoof !== undefined) throw invalidBox("moof followed by another moof without mdat");
        this.#pendingMoof = box;
        return;
      case "mdat":
        return this.#onMdat(box, events);
      default:
        // styp/sidx/prft/free from the encoder carry nothing we keep: segments get our own styp.
        return;
    }
  }

  #onMoov(box: RawBox, events: SegmenterEvent[]): void {
    if (this.#ftyp === undefined) throw invalidBox("moov without a preceding ftyp");
    const track = trackInfo(parseMoov(box.payload));
    const bytes = new Uint8Array(this.#ftyp.byteLength + box.bytes.byteLength);
    bytes.set(this.#ftyp, 0);
    bytes.set(box.bytes, this.#ftyp.byteLength);
    const previous = this.#init;
    const version = previous === undefined ? 0 : previous.version + 1;
    if (previous !== undefined && this.#timelineEnd !== undefined) {
      // Carry the timeline over in the new timescale, by integer arithmetic (no float drift).
      this.#timelineEnd = Math.round((this.#timelineEnd * track.timescale) / previous.track.timescale);
      this.#discontinuityPending = true;
    }
    this.#decodeTimeOffset = undefined;
    this.#gridOrigin = undefined;
    this.#init = { bytes, track, version };
    events.push({ type: "init", init: this.#init });
  }

  #onMdat(mdat: RawBox, events: SegmenterEvent[]): void {
    const moofBox = this.#pendingMoof;
    const init = this.#init;
    if (moofBox === undefined) throw invalidBox("mdat without a preceding moof");
    if (init === undefined) throw invalidBox("fragment before the init segment");
    this.#pendingMoof = undefined;
    this.#cut(moofBox, mdat.bytes, fragmentTiming(parseMoof(moofBox.payload), init.track), events, undefined);
  }

  /**
   * Places one chunk: drops it before the first sync sample, rebases it onto the continuing timeline,
   * closes the open segment on the grid, and emits the part. `made` is the chunk when it came whole
   * from `pushChunk`, whose buffer is then stored as is whenever no rewrite is needed.
   */
  #cut(moofBox: RawBox, mdat: Uint8Array, timing: FragmentTiming, events: SegmenterEvent[], made: CmafChunk | undefined): void {
    const init = this.#init;
    if (init === undefined) throw invalidBox("fragment before the init segment");
    if (timing.baseMediaDecodeTime === undefined) throw invalidBox("CMAF chunk without tfdt (ISO/IEC 23000-19 §7.3.2.3)");
    if (this.#open === undefined && !timing.independent) {
      this.#droppedLeading++;
      return;
    }
    const sourceTime = timing.baseMediaDecodeTime;
    // First fragment of a source: after a discontinuity, shift it to where the previous source ended.
    this.#decodeTimeOffset ??= this.#discontinuityPending && this.#timelineEnd !== undefined ? this.#timelineEnd - sourceTime : 0;
    const decodeTime = sourceTime + this.#decodeTimeOffset;
    const sequence_number = this.#fragmentSequence++;
    const needsRewrite = this.#decodeTimeOffset !== 0 || timing.sequence_number !== sequence_number;
    const moofBytes = needsRewrite ? rewriteMoof(moofBox.bytes, moofBox.payload, { sequence_number, decodeTimeOffset: this.#decodeTimeOffset }) : moofBox.bytes;

    if (timing.independent && this.#open !== undefined && decodeTime >= this.#nextCut(this.#open, init.track.timescale)) this.#closeSegment(events);
    const open = (this.#open ??= this.#startSegment(decodeTime));
    const prefix = open.parts.length === 0 ? this.#styp : undefined;
    const asMade = made !== undefined && !needsRewrite && (prefix === undefined || made.stypSize === prefix.byteLength);
    const part: CmafPart = {
      segmentSequence: open.sequence,
      index: open.parts.length,
      decodeTime,
      duration: timing.duration,
      timescale: init.track.timescale,
      independent: timing.independent,
      bytes: asMade ? made.bytes.subarray(prefix === undefined ? made.stypSize : 0) : concat([prefix, moofBytes, mdat]),
    };
    open.parts.push(part);
    open.duration = decodeTime + timing.duration - open.decodeTime;
    this.#timelineEnd = decodeTime + timing.duration;
    events.push({ type: "part", part });
    // The next chunk is independent and starts on the grid: the segment is whole now, a chunk earlier
    // than waiting for that chunk to complete (the same cut, listed sooner).
    if (made?.nextIndependent === true && this.#timelineEnd >= this.#nextCut(open, init.track.timescale)) this.#closeSegment(events);
  }

  #startSegment(decodeTime: number): OpenSegment {
    this.#gridOrigin ??= decodeTime;
    const discontinuity = this.#discontinuityPending;
    this.#discontinuityPending = false;
    return { sequence: this.#nextSequence++, decodeTime, duration: 0, parts: [], discontinuity };
  }

  /** The first grid point after the open segment's start: origin + k × target, in ticks. */
  #nextCut(open: OpenSegment, timescale: number): number {
    const origin = this.#gridOrigin ?? open.decodeTime;
    const target = Math.round(this.#targetDuration * timescale);
    return origin + (Math.floor((open.decodeTime - origin) / target) + 1) * target;
  }

  #closeSegment(events: SegmenterEvent[]): void {
    const open = this.#open;
    const init = this.#init;
    this.#open = undefined;
    if (open === undefined || init === undefined || open.parts.length === 0) return;
    const segment: CmafSegment = {
      sequence: open.sequence,
      decodeTime: open.decodeTime,
      duration: open.duration,
      timescale: init.track.timescale,
      parts: open.parts,
      bytes: concat(open.parts.map((p) => p.bytes)),
      discontinuity: open.discontinuity,
      initVersion: init.version,
    };
    events.push({ type: "segment", segment });
  }
}
