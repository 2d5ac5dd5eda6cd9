/** SegmentTimeline `S` elements (ISO/IEC 23009-1 §5.3.9.6): runs of equal durations folded with `@r`. */
import type { DashSegmentTime } from "./types.ts";

export interface TimelineRun {
  /** Present when the run does not start where the previous one ended. */
  t?: number;
  d: number;
  /** Repeat count: the run has r + 1 segments. */
  r: number;
}

export function timelineRuns(segments: readonly DashSegmentTime[]): TimelineRun[] {
  const runs: TimelineRun[] = [];
  let end: number | undefined;
  for (const s of segments) {
    const last = runs[runs.length - 1];
    if (last !== undefined && s.t === end && s.d === last.d) last.r++;
    else runs.push({ ...(s.t === end ? {} : { t: s.t }), d: s.d, r: 0 });
    end = s.t + s.d;
  }
  return runs;
}

export function writeTimeline(segments: readonly DashSegmentTime[], indent: string): string[] {
  const lines = [`${indent}<SegmentTimeline>`];
  for (const run of timelineRuns(segments)) {
    const t = run.t === undefined ? "" : ` t="${run.t}"`;
    const r = run.r === 0 ? "" : ` r="${run.r}"`;
    lines.push(`${indent}  <S${t} d="${run.d}"${r}/>`);
  }
  lines.push(`${indent}</SegmentTimeline>`);
  return lines;
}
