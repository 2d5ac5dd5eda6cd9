/**
 * Where an MPD starts a new Period (ISO/IEC 23009-1 §5.3.2): at a source change that brings a new
 * CMAF header in any rendition. A returning source with the same headers stays in the same Period,
 * since decode times continue across it. Used by the storage MPD and the live LL-DASH MPD alike.
 */

/** The segments of one rendition from one source: the first source, then one per discontinuity. */
export interface SourceRun {
  /** 0 for the first source of the stream, +1 at each discontinuity (the same count in every rendition). */
  source: number;
  /** `CmafInit.version` of the header that decodes this run. */
  initVersion: number;
  /** Media time of the run's first segment, seconds. */
  startSeconds: number;
}

export interface PeriodBoundary {
  /** Period@id: the source that opened the Period, so it stays the same across MPD updates (§5.3.2.1). */
  id: string;
  /** The source that opened the Period. */
  source: number;
  /** Earliest start of that source over the renditions, media seconds. */
  startSeconds: number;
}

/**
 * The Periods of a presentation, in order, from each rendition's runs (sorted by source).
 * @example periodBoundaries([[{ source: 0, initVersion: 0, startSeconds: 0 }, { source: 1, initVersion: 1, startSeconds: 6 }]])
 */
export function periodBoundaries(renditions: readonly (readonly SourceRun[])[]): PeriodBoundary[] {
  const sources = [...new Set(renditions.flatMap((runs) => runs.map((r) => r.source)))].sort((a, b) => a - b);
  const periods: PeriodBoundary[] = [];
  for (const source of sources) {
    const opens = periods.length === 0 || renditions.some((runs) => newHeader(runs, source));
    if (!opens) continue;
    const starts = renditions.flatMap((runs) => runs.filter((r) => r.source === source).map((r) => r.startSeconds));
    periods.push({ id: String(source), source, startSeconds: Math.min(...starts) });
  }
  return periods;
}

/** Whether `source` decodes with another header than the run before it in the same rendition. */
function newHeader(runs: readonly SourceRun[], source: number): boolean {
  const index = runs.findIndex((r) => r.source === source);
  if (index <= 0) return false;
  return runs[index]?.initVersion !== runs[index - 1]?.initVersion;
}

/** The Period that `source` belongs to: the last one opened at or before it. */
export function periodOf(periods: readonly PeriodBoundary[], source: number): PeriodBoundary | undefined {
  let found: PeriodBoundary | undefined;
  for (const p of periods) if (p.source <= source) found = p;
  return found;
}
