/**
 * LL-HLS rules checker: which rules of RFC 8216bis (and Apple's LL-HLS authoring requirements) a media
 * playlist breaks. Every test that fetches a live playlist runs it; an empty list means the playlist is
 * valid as far as these rules go.
 */
import { CAN_SKIP_UNTIL_TARGETS, HOLD_BACK_TARGETS, PART_HOLD_BACK_TARGETS, PART_RETENTION_TARGETS } from "../../playlist/plan.ts";
import { llPlaylistFacts } from "./ll-playlist-facts.ts";
import type { LlPlaylistFacts, PartFact } from "./ll-playlist-facts.ts";

export type LlHlsRule =
  | "extm3u-first"
  | "version-ge-6"
  | "skip-version"
  | "target-duration-present"
  | "media-sequence-present"
  | "part-inf-present"
  | "can-block-reload"
  | "part-hold-back-3x"
  | "hold-back-3x"
  | "can-skip-until-6x"
  | "skip-needs-can-skip-until"
  | "extinf-le-target"
  | "part-le-target"
  | "part-duration-85pct"
  | "parts-sum-extinf"
  | "parts-pruned"
  | "preload-hint-present"
  | "preload-hint-unlisted"
  | "rendition-reports"
  | "program-date-time";

export interface LlHlsViolation {
  rule: LlHlsRule;
  message: string;
}

export interface CheckOptions {
  /** How many EXT-X-RENDITION-REPORT tags the playlist must carry (one per other rendition, §4.4.5.4). */
  renditionReports?: number;
}

/** Slack for values written with 5 decimals (and float sums of them). */
const EPSILON = 0.0005;

/**
 * @example expect(checkLlHls(await (await fetch(url)).text(), { renditionReports: 1 })).toEqual([]);
 */
export function checkLlHls(text: string, options: CheckOptions = {}): LlHlsViolation[] {
  const f = llPlaylistFacts(text);
  const out: LlHlsViolation[] = [];
  const fail = (rule: LlHlsRule, message: string) => out.push({ rule, message });
  if (!f.startsWithExtm3u) fail("extm3u-first", "the first line must be #EXTM3U (§4.4.1.1)");
  if (f.version === undefined || f.version < 6) fail("version-ge-6", `EXT-X-MAP with fMP4 needs version ≥ 6 (§7), got ${f.version}`);
  if (f.skippedSegments !== undefined && (f.version ?? 0) < 9) fail("skip-version", `EXT-X-SKIP needs version ≥ 9 (§7), got ${f.version}`);
  if (f.mediaSequence === undefined) fail("media-sequence-present", "EXT-X-MEDIA-SEQUENCE missing (§4.4.3.2)");
  const td = f.targetDuration;
  if (td === undefined) fail("target-duration-present", "EXT-X-TARGETDURATION missing (§4.4.3.1)");
  const pt = f.partTarget;
  if (pt === undefined) fail("part-inf-present", "EXT-X-PART-INF:PART-TARGET missing (§4.4.3.7)");
  checkServerControl(f, fail);
  if (td !== undefined) {
    for (const s of f.segments) if (Math.round(s.duration) > td) fail("extinf-le-target", `${s.uri}: EXTINF ${s.duration} rounds above ${td} (§4.4.3.1)`);
  }
  if (pt !== undefined) checkParts(f, pt, fail);
  if (td !== undefined) checkPruned(f, td, fail);
  if (!f.endList && !f.preloadHints.some((h) => h.type === "PART" && h.uri !== undefined)) fail("preload-hint-present", "no EXT-X-PRELOAD-HINT:TYPE=PART for the next part (§4.4.5.3)");
  const listed = new Set([...f.segments.flatMap((s) => s.parts), ...f.pendingParts].map((p) => p.uri));
  for (const hint of f.preloadHints) if (hint.type === "PART" && listed.has(hint.uri)) fail("preload-hint-unlisted", `EXT-X-PRELOAD-HINT names ${hint.uri}, a part already listed (§4.4.5.3)`);
  checkReports(f, options, fail);
  if (f.segments.length > 0 && f.segments[0]?.programDateTime !== true) fail("program-date-time", "the first listed segment has no EXT-X-PROGRAM-DATE-TIME (§4.4.4.6)");
  return out;
}

/** The distinct rule names `text` breaks. */
export function violatedRules(text: string, options: CheckOptions = {}): LlHlsRule[] {
  return [...new Set(checkLlHls(text, options).map((v) => v.rule))];
}

type Fail = (rule: LlHlsRule, message: string) => void;

function checkServerControl(f: LlPlaylistFacts, fail: Fail): void {
  const sc = f.serverControl;
  const td = f.targetDuration;
  const pt = f.partTarget;
  if (sc?.canBlockReload !== true) fail("can-block-reload", "EXT-X-SERVER-CONTROL must say CAN-BLOCK-RELOAD=YES for LL-HLS (§4.4.3.8)");
  // §4.4.3.8 sets PART-HOLD-BACK ≥ 2 × PART-TARGET; Apple's LL-HLS requirements ask for ≥ 3 ×.
  if (pt !== undefined && !(sc?.partHoldBack !== undefined && sc.partHoldBack + EPSILON >= PART_HOLD_BACK_TARGETS * pt)) fail("part-hold-back-3x", `PART-HOLD-BACK ${sc?.partHoldBack} < 3 × PART-TARGET ${pt}`);
  if (td !== undefined && sc?.holdBack !== undefined && sc.holdBack + EPSILON < HOLD_BACK_TARGETS * td) fail("hold-back-3x", `HOLD-BACK ${sc.holdBack} < 3 × TARGETDURATION ${td} (§4.4.3.8)`);
  if (td !== undefined && sc?.canSkipUntil !== undefined && sc.canSkipUntil + EPSILON < CAN_SKIP_UNTIL_TARGETS * td) fail("can-skip-until-6x", `CAN-SKIP-UNTIL ${sc.canSkipUntil} < 6 × TARGETDURATION ${td} (§4.4.3.8)`);
  if (f.skippedSegments !== undefined && sc?.canSkipUntil === undefined) fail("skip-needs-can-skip-until", "EXT-X-SKIP in a playlist that does not advertise CAN-SKIP-UNTIL (§6.2.5.1)");
}

function checkParts(f: LlPlaylistFacts, pt: number, fail: Fail): void {
  const check = (parts: readonly PartFact[], lastMayBeShort: boolean, where: string) => {
    parts.forEach((p, i) => {
      if (!(p.duration <= pt + EPSILON)) fail("part-le-target", `${where} part ${p.uri}: ${p.duration} > PART-TARGET ${pt} (§4.4.4.9)`);
      const last = i === parts.length - 1 && lastMayBeShort;
      // §4.4.3.7 via Apple: all but the last part of a segment (and parts that start with a sync sample) ≥ 85 %.
      if (!last && !p.independent && p.duration + EPSILON < 0.85 * pt) fail("part-duration-85pct", `${where} part ${p.uri}: ${p.duration} < 85 % of ${pt}`);
    });
  };
  for (const s of f.segments) {
    check(s.parts, true, s.uri);
    if (s.parts.length > 0) {
      const sum = s.parts.reduce((a, p) => a + p.duration, 0);
      if (Math.abs(sum - s.duration) > EPSILON * (s.parts.length + 1)) fail("parts-sum-extinf", `${s.uri}: parts sum to ${sum}, EXTINF ${s.duration}`);
    }
  }
  check(f.pendingParts, true, "pending");
}

/** §6.2.2: parts more than three target durations from the end of the playlist should be gone. */
function checkPruned(f: LlPlaylistFacts, td: number, fail: Fail): void {
  let fromEnd = f.pendingParts.reduce((a, p) => a + p.duration, 0);
  for (let i = f.segments.length - 1; i >= 0; i--) {
    const s = f.segments[i];
    if (s === undefined) continue;
    if (s.parts.length > 0 && fromEnd > PART_RETENTION_TARGETS * td + EPSILON) fail("parts-pruned", `${s.uri} still lists parts ${fromEnd.toFixed(3)} s from the end`);
    fromEnd += s.duration;
  }
}

function checkReports(f: LlPlaylistFacts, options: CheckOptions, fail: Fail): void {
  for (const r of f.renditionReports) {
    if (r.uri === undefined || r.lastMsn === undefined) fail("rendition-reports", `EXT-X-RENDITION-REPORT without URI or LAST-MSN (§4.4.5.4)`);
    else if (r.lastPart === undefined && !f.endList) fail("rendition-reports", `${r.uri}: LAST-PART missing while parts are advertised (§4.4.5.4)`);
  }
  const expected = options.renditionReports;
  if (expected !== undefined && f.renditionReports.length !== expected) fail("rendition-reports", `${f.renditionReports.length} rendition reports, expected ${expected}`);
}
