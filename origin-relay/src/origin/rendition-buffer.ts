/**
 * One rendition's live media: its headers, the listed window of whole segments, the parts of the
 * segment being written, and listeners that stream that segment as its parts arrive. Bytes are a ring
 * near the live edge: a whole segment is held once (its parts are views into it), and a listed segment
 * that left the ring keeps only its timing (the store serves its bytes). A segment the store holds
 * leaves the ring as soon as no listed part needs its bytes.
 */
import type { RenditionConfig } from "#transcoder/cmaf/package-model.ts";
import type { CmafInit, CmafPart, CmafSegment } from "#transcoder/cmaf/types.ts";

/** What a playlist says about a segment: everything but its bytes. */
export type SegmentTiming = Omit<CmafSegment, "parts" | "bytes">;

/** A listed segment; `parts` is emptied once they are pruned (RFC 8216bis §6.2.2), `bytes` once it leaves the ring. */
export interface BufferedSegment {
  segment: SegmentTiming;
  bytes: Uint8Array | undefined;
  /** Byte length, kept when the bytes leave (bandwidth). */
  size: number;
  parts: CmafPart[];
  /** How many parts the segment had, pruned or not (LAST-PART of rendition reports). */
  partCount: number;
  /** The package writer has stored the segment: its bytes can be read back from the store. */
  stored: boolean;
}

/**
 * How long, in media seconds behind the live edge, parts stay listed and bytes stay in memory. A stored
 * segment's bytes go as soon as its parts are unlisted, however young it is.
 */
export interface RingPolicy {
  partSeconds: number;
  byteSeconds: number;
}

export interface OpenSegment {
  sequence: number;
  parts: CmafPart[];
}

/** A playlist position: media sequence number and part index (§6.2.5.2). */
export interface Position {
  msn: number;
  part: number;
}

/** Receives a segment's bytes as they arrive: each part, then `end` once the segment is whole (or gone). */
export interface SegmentListener {
  part(bytes: Uint8Array): void;
  end(): void;
}

export class RenditionBuffer {
  readonly config: RenditionConfig;
  readonly inits: CmafInit[] = [];
  readonly segments: BufferedSegment[] = [];
  open: OpenSegment | undefined;
  /** EXT-X-DISCONTINUITY-SEQUENCE of `segments[0]`: +1 for each discontinuity that slid out (RFC 8216bis §6.2.2). */
  discontinuitySequence = 0;
  readonly #listeners = new Map<number, Set<SegmentListener>>();

  constructor(config: RenditionConfig) {
    this.config = config;
  }

  addPart(part: CmafPart): void {
    if (this.open?.sequence !== part.segmentSequence) this.open = { sequence: part.segmentSequence, parts: [] };
    this.open.parts.push(part);
    for (const listener of this.#listeners.get(part.segmentSequence) ?? []) listener.part(part.bytes);
  }

  completeSegment(segment: CmafSegment, windowSize: number): void {
    const { parts, bytes, ...timing } = segment;
    this.segments.push({ segment: timing, bytes, size: bytes.byteLength, parts: partViews(parts, bytes), partCount: parts.length, stored: false });
    // The open segment's own part buffers are garbage from here: its parts are views into `bytes`.
    if (this.open?.sequence === segment.sequence) this.open = undefined;
    this.#endListeners(segment.sequence);
    if (this.segments.length <= windowSize) return;
    for (const removed of this.segments.splice(0, this.segments.length - windowSize)) if (removed.segment.discontinuity) this.discontinuitySequence++;
  }

  /**
   * The store now holds segment `sequence`. Without listed parts (`listsParts` false: a normal-latency
   * stream) its parts are unlisted at once, so its bytes leave the ring on the next prune.
   */
  markStored(sequence: number, listsParts: boolean): void {
    const s = this.findSegment(sequence);
    if (s === undefined) return;
    s.stored = true;
    if (!listsParts) s.parts = [];
  }

  /**
   * Unlists the parts of segments ending further behind the live edge than the policy keeps, then drops
   * the bytes of those without listed parts that are stored or older than the policy's byte window.
   */
  prune(policy: RingPolicy): void {
    const edge = this.liveEdgeSeconds();
    if (edge === undefined) return;
    for (const s of this.segments) {
      const behind = edge - (s.segment.decodeTime + s.segment.duration) / s.segment.timescale;
      if (s.parts.length > 0 && behind > policy.partSeconds) s.parts = [];
      if (s.bytes !== undefined && s.parts.length === 0 && (s.stored || behind > policy.byteSeconds)) s.bytes = undefined;
    }
  }

  /** Media time, seconds, at the end of the newest part. */
  liveEdgeSeconds(): number | undefined {
    const last = this.open?.parts[this.open.parts.length - 1];
    if (last !== undefined) return (last.decodeTime + last.duration) / last.timescale;
    const s = this.segments[this.segments.length - 1]?.segment;
    return s === undefined ? undefined : (s.decodeTime + s.duration) / s.timescale;
  }

  /** The newest part's position, as rendition reports give it (§4.4.5.4 LAST-MSN, LAST-PART). */
  lastPosition(): Position | undefined {
    if (this.open !== undefined && this.open.parts.length > 0) return { msn: this.open.sequence, part: this.open.parts.length - 1 };
    const last = this.segments[this.segments.length - 1];
    return last === undefined ? undefined : { msn: last.segment.sequence, part: last.partCount - 1 };
  }

  /** Sequence number of the last whole segment. */
  lastCompleteMsn(): number | undefined {
    return this.segments[this.segments.length - 1]?.segment.sequence;
  }

  /** The next part to be written: what EXT-X-PRELOAD-HINT names (§4.4.5.3). */
  nextPart(): Position {
    if (this.open !== undefined) return { msn: this.open.sequence, part: this.open.parts.length };
    return { msn: (this.lastCompleteMsn() ?? -1) + 1, part: 0 };
  }

  /**
   * Whether the playlist already holds `target` (§6.2.5.2): part P of segment M, where a P past M's last
   * part means part 0 of M + 1. Without a part, segment M must be whole.
   */
  reached(target: { msn: number; part?: number }): boolean {
    if (target.part === undefined) return (this.lastCompleteMsn() ?? -1) >= target.msn;
    const last = this.lastPosition();
    if (last === undefined) return false;
    if (last.msn > target.msn) return true;
    return last.msn === target.msn && last.part >= target.part;
  }

  findSegment(sequence: number): BufferedSegment | undefined {
    return this.segments.find((s) => s.segment.sequence === sequence);
  }

  findPart(sequence: number, index: number): CmafPart | undefined {
    if (this.open?.sequence === sequence) return this.open.parts[index];
    return this.findSegment(sequence)?.parts[index];
  }

  /**
   * Streams the open segment `sequence`: replays its parts so far, then each new one; returns the
   * unsubscribe function. The listener ends when the segment completes or the stream ends.
   */
  follow(sequence: number, listener: SegmentListener): () => void {
    for (const p of this.open?.sequence === sequence ? this.open.parts : []) listener.part(p.bytes);
    let set = this.#listeners.get(sequence);
    if (set === undefined) this.#listeners.set(sequence, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(sequence);
    };
  }

  /** End of stream: every follower's segment is as complete as it will get. */
  close(): void {
    for (const sequence of [...this.#listeners.keys()]) this.#endListeners(sequence);
  }

  #endListeners(sequence: number): void {
    const set = this.#listeners.get(sequence);
    this.#listeners.delete(sequence);
    for (const listener of set ?? []) listener.end();
  }
}

/** Parts as views into the segment's bytes (their concatenation), so a whole segment is held once. */
function partViews(parts: readonly CmafPart[], bytes: Uint8Array): CmafPart[] {
  let offset = 0;
  const views = parts.map((part) => {
    const view = { ...part, bytes: bytes.subarray(offset, offset + part.bytes.byteLength) };
    offset += part.bytes.byteLength;
    return view;
  });
  // Not a concatenation after all: keep the parts as they came rather than serve wrong bytes.
  return offset === bytes.byteLength ? views : [...parts];
}
