/**
 * Instant clips: a `[clipStart, clipEnd]` range in media seconds, from the playback URL's query or
 * from the token's claims (which take precedence), that manifests are cut down to with no re-encode.
 */
import { TributaryError } from "../errors.ts";

export interface ClipRange {
  /** Seconds from the start of the media. */
  start: number;
  end: number;
}

/** The playback-URL query parameters that name a clip. */
export const CLIP_PARAMS = { start: "clipStart", end: "clipEnd" } as const;

function invalid(parameter: string, reason: string): TributaryError {
  return new TributaryError("request.invalid", `${parameter} ${reason}`, { details: { reason: "clip", parameter } });
}

function seconds(parameter: string, text: string): number {
  if (!/^\d{1,9}(\.\d{1,6})?$/.test(text)) throw invalid(parameter, "must be a non-negative number of seconds");
  return Number(text);
}

/** Checks a range: finite, `0 ≤ start < end`; throws `request.invalid` naming the parameter at fault. */
export function checkClipRange(start: number, end: number): ClipRange {
  if (!Number.isFinite(start) || start < 0) throw invalid(CLIP_PARAMS.start, "must be a finite number of seconds ≥ 0");
  if (!Number.isFinite(end)) throw invalid(CLIP_PARAMS.end, "must be a finite number of seconds");
  if (end <= start) throw invalid(CLIP_PARAMS.end, `must be greater than ${CLIP_PARAMS.start}`);
  return { start, end };
}

/**
 * The clip in force: the claims' range when the token carries one, else the query's, else none. Both
 * query parameters must come together.
 */
export function clipOf(query: URLSearchParams, claims: { clipStart?: number | undefined; clipEnd?: number | undefined }): { range: ClipRange; fromQuery: boolean } | undefined {
  if (claims.clipStart !== undefined || claims.clipEnd !== undefined) {
    return { range: checkClipRange(claims.clipStart ?? 0, claims.clipEnd ?? Number.NaN), fromQuery: false };
  }
  const start = query.get(CLIP_PARAMS.start);
  const end = query.get(CLIP_PARAMS.end);
  if (start === null && end === null) return undefined;
  if (start === null) throw invalid(CLIP_PARAMS.start, `is required with ${CLIP_PARAMS.end}`);
  if (end === null) throw invalid(CLIP_PARAMS.end, `is required with ${CLIP_PARAMS.start}`);
  return { range: checkClipRange(seconds(CLIP_PARAMS.start, start), seconds(CLIP_PARAMS.end, end)), fromQuery: true };
}

/** The query suffix that carries a range to the URIs a multivariant playlist names. */
export function clipQuery(range: ClipRange): string {
  return `${CLIP_PARAMS.start}=${range.start}&${CLIP_PARAMS.end}=${range.end}`;
}
