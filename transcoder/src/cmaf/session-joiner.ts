/**
 * Joins the output of successive transcoder sessions of one broadcast (a publisher that drops and
 * comes back inside the reconnect window gets a new ffmpeg and new segmenters) into one continuous
 * package: media sequence numbers and header versions carry on, decode times continue where the last
 * session ended (tfdt rewritten), and the first segment of a new session is a discontinuity
 * (RFC 8216bis §4.4.4.3). A returning header identical to the last one is not a new version, so the
 * playlists keep their EXT-X-MAP and the DASH timeline stays in one Period.
 *
 * A pure transform: it stores nothing and awaits nothing, so the broadcast's one dispatcher decides
 * where each joined event goes and in what order.
 *
 * @example
 * const joiner = new SessionJoiner();
 * joiner.beginSession(); // before each session's pipeline
 * const joined = joiner.join("720p", event); // undefined when the event adds nothing (a repeated header)
 */
import { invalidBox } from "../boxes/box-error.ts";
import { concat, sameBytes } from "#core/bytes/concat.ts";
import { rewriteMoof } from "../boxes/moof-rewrite.ts";
import type { CmafInit, CmafPart, CmafSegment, SegmenterEvent } from "./types.ts";

interface Continuity {
  /** Next output media sequence number. */
  nextSequence: number;
  lastInit: CmafInit | undefined;
  /** End of the last output part, in `lastInit`'s timescale. */
  timelineEnd: number | undefined;
  fragmentSequence: number;
  /** Per session: */
  sequenceOffset: number;
  versions: Map<number, number>;
  tickOffset: number | undefined;
  discontinuityPending: boolean;
  parts: WeakMap<CmafPart, CmafPart>;
}

export class SessionJoiner {
  readonly #renditions = new Map<string, Continuity>();
  #session = -1;

  /** How many sessions have begun. */
  get sessions(): number {
    return this.#session + 1;
  }

  /** A new transcoder session starts: its segmenters number from 0 again and bring their own timeline. */
  beginSession(): void {
    this.#session++;
    for (const state of this.#renditions.values()) {
      state.sequenceOffset = state.nextSequence;
      state.versions = new Map();
      state.tickOffset = undefined;
      state.discontinuityPending = state.timelineEnd !== undefined;
    }
  }

  /** `event` of the current session as the joined package sees it; `undefined` when it adds nothing. */
  join(rendition: string, event: SegmenterEvent): SegmenterEvent | undefined {
    if (this.#session < 0) throw new TypeError("SessionJoiner: beginSession() first");
    return this.#join(this.#state(rendition), event);
  }

  #state(rendition: string): Continuity {
    let state = this.#renditions.get(rendition);
    if (state === undefined) {
      state = { nextSequence: 0, lastInit: undefined, timelineEnd: undefined, fragmentSequence: 1, sequenceOffset: 0, versions: new Map(), tickOffset: undefined, discontinuityPending: false, parts: new WeakMap() };
      this.#renditions.set(rendition, state);
    }
    return state;
  }

  #join(state: Continuity, event: SegmenterEvent): SegmenterEvent | undefined {
    if (event.type === "init") return this.#joinInit(state, event.init);
    if (event.type === "part") return { type: "part", part: this.#joinPart(state, event.part) };
    return { type: "segment", segment: this.#joinSegment(state, event.segment) };
  }

  #joinInit(state: Continuity, init: CmafInit): SegmenterEvent | undefined {
    const last = state.lastInit;
    if (last !== undefined && sameBytes(last.bytes, init.bytes)) {
      state.versions.set(init.version, last.version);
      return undefined;
    }
    const version = last === undefined ? 0 : last.version + 1;
    if (last !== undefined && state.timelineEnd !== undefined && last.track.timescale !== init.track.timescale) {
      state.timelineEnd = Math.round((state.timelineEnd * init.track.timescale) / last.track.timescale);
    }
    state.versions.set(init.version, version);
    state.lastInit = { ...init, version };
    return { type: "init", init: state.lastInit };
  }

  #joinPart(state: Continuity, part: CmafPart): CmafPart {
    // The first part of a session sets where its timeline lands: right after the previous session's end.
    state.tickOffset ??= state.discontinuityPending && state.timelineEnd !== undefined ? state.timelineEnd - part.decodeTime : 0;
    const passthrough = state.tickOffset === 0 && state.sequenceOffset === 0;
    const fragment = state.fragmentSequence++;
    const joined: CmafPart = passthrough
      ? part
      : { ...part, segmentSequence: part.segmentSequence + state.sequenceOffset, decodeTime: part.decodeTime + state.tickOffset, bytes: rewritePart(part.bytes, fragment, state.tickOffset) };
    state.parts.set(part, joined);
    state.timelineEnd = joined.decodeTime + joined.duration;
    return joined;
  }

  #joinSegment(state: Continuity, segment: CmafSegment): CmafSegment {
    const parts = segment.parts.map((p) => state.parts.get(p) ?? this.#joinPart(state, p));
    const first = parts[0];
    const discontinuity = segment.discontinuity || state.discontinuityPending;
    state.discontinuityPending = false;
    const sequence = segment.sequence + state.sequenceOffset;
    state.nextSequence = sequence + 1;
    const joined: CmafSegment = {
      ...segment,
      sequence,
      decodeTime: first?.decodeTime ?? segment.decodeTime + (state.tickOffset ?? 0),
      parts,
      bytes: parts.every((p, i) => p === segment.parts[i]) ? segment.bytes : concat(parts.map((p) => p.bytes)),
      discontinuity,
      initVersion: state.versions.get(segment.initVersion) ?? segment.initVersion,
    };
    const last = parts[parts.length - 1];
    if (last !== undefined) state.timelineEnd = last.decodeTime + last.duration;
    return joined;
  }
}

/** Rewrites the `moof` inside a part (`[styp] moof mdat`); box sizes are checked before use. */
function rewritePart(bytes: Uint8Array, sequence_number: number, decodeTimeOffset: number): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset + 8 <= bytes.byteLength) {
    const size = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (size < 8 || offset + size > bytes.byteLength) throw invalidBox(`box ${type} declares ${size} bytes, ${bytes.byteLength - offset} available`);
    if (type === "moof") {
      const moof = rewriteMoof(bytes.subarray(offset, offset + size), bytes.subarray(offset + 8, offset + size), { sequence_number, decodeTimeOffset });
      return concat([bytes.subarray(0, offset), moof, bytes.subarray(offset + size)]);
    }
    offset += size;
  }
  throw invalidBox("part without a moof");
}

