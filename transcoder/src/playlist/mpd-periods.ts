/**
 * The one place MPD Periods are built (ISO/IEC 23009-1 §5.3.2), from every rendition's `PlaylistPlan`:
 * a Period opens at a source change that brings a new CMAF header in any rendition; a returning source
 * with the same headers stays in the same Period, since decode times continue across it.
 */
import { renditionFiles } from "#core/storage/keys.ts";
import type { TrackInfo } from "../codecs/track-info.ts";
import type { DashAdaptationSet, DashContentProtection, DashPeriod, DashRepresentation } from "../dash/types.ts";
import type { PlanSegment, PlanSource, PlaylistPlan } from "./plan.ts";

/** One rendition as the MPD lists it. */
export interface MpdRendition {
  /** Representation@id: the rendition's folder. */
  id: string;
  kind: "video" | "audio";
  frameRate?: number | undefined;
  /** Peak bit rate, bits/s. */
  bandwidth: number;
  /** The rendition's headers by `CmafInit.version`. */
  headers: readonly { version: number; track: TrackInfo }[];
  plan: PlaylistPlan;
}

/**
 * How Representations address segments: a SegmentTimeline of the listed ones, or $Number$ with
 * @duration so a low-latency client can ask for the segment being written (§5.3.9.5.3).
 */
export type MpdAddressing = "timeline" | "number";

interface PeriodBoundary {
  /** Period@id: the source that opened the Period, so it stays the same across MPD updates (§5.3.2.1). */
  id: string;
  /** The source that opened the Period. */
  source: number;
  /** Earliest start of that source over the renditions, media seconds. */
  startSeconds: number;
}

const sourceSeconds = (s: PlanSource) => s.decodeTime / s.timescale;

/** The Periods of a presentation, in order, from each rendition's sources. */
function periodBoundaries(renditions: readonly MpdRendition[]): PeriodBoundary[] {
  const count = Math.max(0, ...renditions.map((r) => r.plan.sources.length));
  const periods: PeriodBoundary[] = [];
  for (let source = 0; source < count; source++) {
    const present = renditions.filter((r) => r.plan.sources[source] !== undefined);
    if (periods.length > 0 && !present.some((r) => r.plan.sources[source]?.initVersion !== r.plan.sources[source - 1]?.initVersion)) continue;
    periods.push({ id: String(source), source, startSeconds: Math.min(...present.map((r) => sourceSeconds(r.plan.sources[source] as PlanSource))) });
  }
  return periods;
}

/** Presentation time 0: the earliest start of the first source over the renditions, media seconds. */
export function presentationZero(renditions: readonly MpdRendition[]): number {
  return periodBoundaries(renditions)[0]?.startSeconds ?? 0;
}

/** Index of the source `segment` came from: the last one that starts at or before it. */
function sourceOf(sources: readonly PlanSource[], segment: PlanSegment): number {
  let index = 0;
  sources.forEach((s, i) => {
    if (s.sequence <= segment.sequence) index = i;
  });
  return index;
}

/**
 * Every Period still on the timeline: the one holding the oldest listed segment, and later ones.
 * Presentation time 0 is `presentationZero`; each Period starts at its first source, and every
 * Representation's @presentationTimeOffset is the media time of that instant, so SegmentTimeline `t`
 * stays the tfdt and $Number$ keeps the media sequence.
 */
export function mpdPeriods(renditions: readonly MpdRendition[], addressing: MpdAddressing, targetDuration: number, contentProtection?: readonly DashContentProtection[]): DashPeriod[] {
  const boundaries = periodBoundaries(renditions);
  const zero = boundaries[0]?.startSeconds ?? 0;
  const oldest = Math.min(...renditions.flatMap((r) => r.plan.segments.slice(0, 1).map((s) => s.decodeTime / s.timescale)));
  const periods: DashPeriod[] = [];
  boundaries.forEach((boundary, index) => {
    const next = boundaries[index + 1];
    if ((next?.startSeconds ?? Infinity) <= oldest) return;
    const span = { from: boundary.source, to: next?.source ?? Infinity, mediaStart: index === 0 ? zero : boundary.startSeconds };
    const sets: DashAdaptationSet[] = [];
    for (const kind of ["video", "audio"] as const) {
      const representations = renditions.filter((r) => r.kind === kind).flatMap((r) => representation(r, span, addressing, targetDuration) ?? []);
      const protection = contentProtection === undefined || contentProtection.length === 0 ? {} : { contentProtection };
      if (representations.length > 0) sets.push({ id: sets.length, contentType: kind, mimeType: `${kind}/mp4`, ...(kind === "audio" ? { lang: "und" } : {}), ...protection, representations });
    }
    if (sets.length > 0) periods.push({ id: boundary.id, start: Math.max(0, span.mediaStart - zero), adaptationSets: sets });
  });
  return periods;
}

/** The rendition in the Period of sources [`from`, `to`), or `undefined` when it has nothing there. */
function representation(r: MpdRendition, span: { from: number; to: number; mediaStart: number }, addressing: MpdAddressing, targetDuration: number): DashRepresentation | undefined {
  const { sources, segments } = r.plan;
  const origin = sources.find((_, i) => i >= span.from && i < span.to);
  const track = r.headers.find((h) => h.version === origin?.initVersion)?.track;
  if (origin === undefined || track === undefined) return undefined;
  const listed = segments.filter((s) => {
    const source = sourceOf(sources, s);
    return source >= span.from && source < span.to;
  });
  const first = addressing === "timeline" ? listed[0] : origin;
  if (first === undefined) return undefined;
  return {
    id: r.id,
    bandwidth: r.bandwidth,
    codecs: track.codec,
    ...(track.width !== undefined ? { width: track.width } : {}),
    ...(track.height !== undefined ? { height: track.height } : {}),
    ...(r.frameRate !== undefined ? { frameRate: r.frameRate } : {}),
    ...(track.sampleRate !== undefined ? { audioSamplingRate: track.sampleRate } : {}),
    ...(track.channels !== undefined ? { channels: track.channels } : {}),
    timescale: track.timescale,
    startNumber: first.sequence,
    segments: addressing === "timeline" ? listed.map((s) => ({ t: s.decodeTime, d: s.duration })) : [],
    ...(addressing === "number" ? { duration: Math.round(targetDuration * track.timescale) } : {}),
    presentationTimeOffset: Math.round(span.mediaStart * track.timescale),
    ...(origin.initVersion === 0 ? {} : { initialization: `$RepresentationID$/${renditionFiles.init(origin.initVersion)}` }),
  };
}
