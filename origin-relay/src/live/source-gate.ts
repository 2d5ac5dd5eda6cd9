/**
 * Holds a publish's first tags until the source is known well enough to fit a ladder: the video
 * picture size (from the SPS or onMetaData) and whether audio is present. Encoders send sequence
 * headers first, so this normally opens on the first keyframe; it opens anyway after `maxWaitMs` of
 * media or `maxBytes` of buffer so a strange source is transcoded rather than refused.
 */
import type { FlvUnit } from "../demux/flv-unit.ts";
import type { IngestCodecInfo } from "../flv/codec-info.ts";
import { FlvTagType } from "../flv/tag.ts";

export interface SourceGatePolicy {
  maxWaitMs: number;
  maxBytes: number;
}

export const defaultSourceGatePolicy: SourceGatePolicy = { maxWaitMs: 2_000, maxBytes: 8 * 1024 * 1024 };

export class SourceGate {
  readonly #policy: SourceGatePolicy;
  readonly #held: FlvUnit[] = [];
  #bytes = 0;
  #firstMediaTimestamp: number | undefined;
  #sawAudio = false;

  constructor(policy: SourceGatePolicy = defaultSourceGatePolicy) {
    this.#policy = policy;
  }

  /** Holds `unit`; returns every held unit (in order) once the gate opens, else `undefined`. */
  hold(unit: FlvUnit, info: IngestCodecInfo): FlvUnit[] | undefined {
    const { tag } = unit;
    this.#held.push(unit);
    this.#bytes += tag.payload.byteLength;
    if (tag.type === FlvTagType.audio) this.#sawAudio = true;
    if (tag.type !== FlvTagType.script) this.#firstMediaTimestamp ??= tag.timestamp;
    const waited = tag.timestamp - (this.#firstMediaTimestamp ?? tag.timestamp);
    const sized = info.video?.width !== undefined && info.video.height !== undefined;
    const audioKnown = this.#sawAudio || info.audio !== undefined;
    if ((sized && audioKnown) || waited >= this.#policy.maxWaitMs || this.#bytes >= this.#policy.maxBytes) return this.#held.splice(0);
    return undefined;
  }

  get hasAudio(): boolean {
    return this.#sawAudio;
  }
}
