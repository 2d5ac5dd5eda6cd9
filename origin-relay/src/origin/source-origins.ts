/** Each rendition's sources as the live origin learns them, for the MPD's Periods (ISO/IEC 23009-1 §5.3.2). */
import type { CmafPart, CmafSegment } from "#transcoder/cmaf/types.ts";
import type { PlanSource } from "#transcoder/playlist/plan.ts";

/**
 * Each rendition's origins, one per source: the first part of the stream, then each segment that
 * follows a source change (known once it is whole). They outlive the window, so Period ids and starts
 * stay put as segments slide out (ISO/IEC 23009-1 §5.3.2.1).
 */
export class SourceOrigins {
  readonly #byRendition = new Map<string, PlanSource[]>();

  get renditions(): number {
    return this.#byRendition.size;
  }

  of(rendition: string): readonly PlanSource[] {
    return this.#byRendition.get(rendition) ?? [];
  }

  part(rendition: string, part: CmafPart, initVersion: number): void {
    if (part.index !== 0 || this.#byRendition.has(rendition)) return;
    this.#byRendition.set(rendition, [{ sequence: part.segmentSequence, decodeTime: part.decodeTime, timescale: part.timescale, initVersion }]);
  }

  segment(rendition: string, segment: CmafSegment): void {
    const origins = this.#byRendition.get(rendition);
    if (origins === undefined || !segment.discontinuity || origins.some((o) => o.sequence === segment.sequence)) return;
    origins.push({ sequence: segment.sequence, decodeTime: segment.decodeTime, timescale: segment.timescale, initVersion: segment.initVersion });
  }
}
