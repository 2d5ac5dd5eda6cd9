/** Fills a rendition's `PlaylistPlan` from the live buffers: pure, so the serializers stay pure too. */
import type { CmafPart } from "#transcoder/cmaf/types.ts";
import { CAN_SKIP_UNTIL_TARGETS, holdBacks, targetDurationOf } from "#transcoder/playlist/plan.ts";
import type { PlanKey, PlanLowLatency, PlanPart, PlanSegment, PlaylistPlan } from "#transcoder/playlist/plan.ts";
import type { BufferedSegment, RenditionBuffer } from "./rendition-buffer.ts";
import type { SourceOrigins } from "./source-origins.ts";

export interface LiveView {
  /** Every rendition, in configuration order. */
  buffers: readonly RenditionBuffer[];
  /** Each rendition's sources (MPD Periods). */
  origins: SourceOrigins;
  partTarget: number;
  targetDuration: number;
  /** Wall-clock ms of media time 0 (PROGRAM-DATE-TIME, availabilityStartTime). */
  anchorMs: number;
  ended: boolean;
  /** The key tag of segment `sequence` when the media is encrypted (for the pending parts and preload hint). */
  keyTag?: (sequence: number) => PlanKey | undefined;
}

/** Whole segments a live playlist lists: CAN-SKIP-UNTIL's worth plus four. The stored live window is as long, so every listed segment can be read. */
export const LIVE_WINDOW_SEGMENTS = CAN_SKIP_UNTIL_TARGETS + 4;

function partPlan(part: CmafPart): PlanPart {
  return { sequence: part.segmentSequence, index: part.index, duration: part.duration / part.timescale, independent: part.independent };
}

function segmentPlan(view: LiveView, s: BufferedSegment, lowLatency: boolean): PlanSegment {
  const { sequence, decodeTime, duration, timescale, discontinuity, initVersion, key } = s.segment;
  const programDateTime = new Date(view.anchorMs + (decodeTime * 1000) / timescale);
  return { sequence, decodeTime, duration, timescale, discontinuity, initVersion, programDateTime, parts: lowLatency ? s.parts.map(partPlan) : [], key };
}

/**
 * How many leading segments a delta update may skip: those that end at least CAN-SKIP-UNTIL before
 * the end of the playlist (§6.2.5.1 Skip Boundary).
 */
function skippable(segments: readonly BufferedSegment[], liveEdge: number, canSkipUntil: number): number {
  let count = 0;
  for (const { segment } of segments) {
    if ((segment.decodeTime + segment.duration) / segment.timescale > liveEdge - canSkipUntil) break;
    count++;
  }
  return count;
}

/**
 * The playlist of `buffer`: LL-HLS with `lowLatency` (and, with `skip`, a delta update (§6.2.5.1) when
 * anything is old enough), else the plain sliding window (§6.2.2) of whole segments.
 * @example serializeMediaPlaylist(livePlaylistPlan(view, buffer, { lowLatency: true, skip: false }))
 */
export function livePlaylistPlan(view: LiveView, buffer: RenditionBuffer, options: { lowLatency: boolean; skip: boolean }): PlaylistPlan {
  const targetDuration = targetDurationOf(view.targetDuration, buffer.segments.map((s) => s.segment));
  const control = holdBacks(targetDuration, view.partTarget);
  const skipped = options.lowLatency && options.skip ? skippable(buffer.segments, buffer.liveEdgeSeconds() ?? 0, control.canSkipUntil) : 0;
  return {
    targetDuration,
    mediaSequence: buffer.segments[0]?.segment.sequence ?? buffer.open?.sequence ?? 0,
    discontinuitySequence: buffer.discontinuitySequence,
    segments: buffer.segments.slice(skipped).map((s) => segmentPlan(view, s, options.lowLatency)),
    sources: [...view.origins.of(buffer.config.name)],
    endList: view.ended,
    ...(options.lowLatency ? { lowLatency: lowLatencyPlan(view, buffer, control, skipped) } : {}),
  };
}

function lowLatencyPlan(view: LiveView, buffer: RenditionBuffer, control: ReturnType<typeof holdBacks>, skipped: number): PlanLowLatency {
  const next = buffer.nextPart();
  const open = buffer.open?.parts ?? [];
  return {
    partTarget: view.partTarget,
    ...control,
    pendingParts: open.map(partPlan),
    pendingKey: open[0]?.key ?? view.keyTag?.(next.msn),
    preloadHint: { sequence: next.msn, index: next.part },
    renditionReports: view.buffers.flatMap((other) => {
      const last = other === buffer ? undefined : other.lastPosition();
      return last === undefined ? [] : [{ rendition: other.config.name, lastMsn: last.msn, lastPart: last.part }];
    }),
    skippedSegments: skipped,
  };
}
