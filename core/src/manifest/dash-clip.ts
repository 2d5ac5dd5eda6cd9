/**
 * Cuts a static single-Period MPD to an instant clip (ISO/IEC 23009-1 §5.3.9.6): the first video
 * timeline fixes the covering window (the segment holding the start through the one holding the end);
 * every SegmentTimeline keeps the segments overlapping it, `startNumber` follows the first kept one and
 * `presentationTimeOffset` moves the window's start to presentation time 0. Text sets name a whole
 * file on the original timeline, so a clip leaves them out.
 */
import { TributaryError } from "../errors.ts";
import type { ClipRange } from "./clip-range.ts";

interface TimelineSegment {
  t: number;
  d: number;
}

const TEMPLATE = /<SegmentTemplate\b([^>]*)>([\s\S]*?)<\/SegmentTemplate>/g;
const TEXT_SET = /[ \t]*<AdaptationSet\b[^>]*\bcontentType="text"[^>]*>[\s\S]*?<\/AdaptationSet>\r?\n?/g;

function refuse(reason: string): TributaryError {
  return new TributaryError("request.invalid", `clips of this DASH manifest are not possible: ${reason}; use HLS`, { details: { reason: "clip", parameter: "clipStart" } });
}

function numberAttribute(attributes: string, name: string): number | undefined {
  const match = new RegExp(`\\b${name}="(\\d{1,18})"`).exec(attributes);
  return match ? Number(match[1]) : undefined;
}

function expand(timeline: string): TimelineSegment[] {
  const out: TimelineSegment[] = [];
  let next = 0;
  for (const [, attributes = ""] of timeline.matchAll(/<S\b([^>]*?)\/?>/g)) {
    const d = numberAttribute(attributes, "d") ?? 0;
    let t = numberAttribute(attributes, "t") ?? next;
    const repeat = Math.min(numberAttribute(attributes, "r") ?? 0, 100_000);
    for (let i = 0; i <= repeat; i++, t += d) out.push({ t, d });
    next = t;
  }
  return out;
}

function serializeTimeline(segments: readonly TimelineSegment[], indent: string): string {
  const runs: { t: number; d: number; r: number; gap: boolean }[] = [];
  for (const s of segments) {
    const last = runs.at(-1);
    const end = last === undefined ? undefined : last.t + last.d * (last.r + 1);
    if (last !== undefined && last.d === s.d && end === s.t) last.r += 1;
    else runs.push({ t: s.t, d: s.d, r: 0, gap: end !== s.t });
  }
  // `t` where the timeline starts or jumps; otherwise it follows from the run before.
  return runs.map((run) => `${indent}<S ${run.gap ? `t="${run.t}" ` : ""}d="${run.d}"${run.r > 0 ? ` r="${run.r}"` : ""}/>`).join("\n");
}

function withAttribute(attributes: string, name: string, value: number): string {
  const pattern = new RegExp(`\\b${name}="[^"]*"`);
  return pattern.test(attributes) ? attributes.replace(pattern, `${name}="${value}"`) : `${attributes} ${name}="${value}"`;
}

/** The covering window in seconds, from the first video timeline. */
function coverWindow(mpd: string, range: ClipRange): { start: number; end: number } {
  const video = /<AdaptationSet\b[^>]*contentType="video"[\s\S]*?<\/AdaptationSet>/.exec(mpd)?.[0] ?? "";
  const template = new RegExp(TEMPLATE.source).exec(video);
  if (template === null) throw refuse("no video SegmentTimeline");
  const [, attributes = "", body = ""] = template;
  const timescale = numberAttribute(attributes, "timescale") ?? 1;
  const offset = numberAttribute(attributes, "presentationTimeOffset") ?? 0;
  const segments = expand(body).map((s) => ({ start: (s.t - offset) / timescale, end: (s.t + s.d - offset) / timescale }));
  const first = segments.find((s) => s.end > range.start);
  if (first === undefined) throw refuse("the clip starts after the media ends");
  const last = segments.find((s) => s.end >= range.end) ?? segments.at(-1) ?? first;
  return { start: first.start, end: last.end };
}

export function clipMpd(mpd: string, range: ClipRange): string {
  if (!/<MPD\b[^>]*\btype="static"/.test(mpd)) throw refuse("only on-demand (static) manifests clip");
  if ((mpd.match(/<Period\b/g) ?? []).length !== 1) throw refuse("more than one Period");
  const window = coverWindow(mpd, range);
  const clipped = mpd.replace(TEXT_SET, "").replace(TEMPLATE, (whole, attributes: string, body: string) => {
    if (!body.includes("<SegmentTimeline")) return whole;
    const timescale = numberAttribute(attributes, "timescale") ?? 1;
    const offset = numberAttribute(attributes, "presentationTimeOffset") ?? 0;
    const all = expand(body);
    // A half-sample tolerance keeps audio frames that only graze the window out.
    const epsilon = 0.0005;
    const keptFrom = all.findIndex((s) => (s.t + s.d - offset) / timescale > window.start + epsilon);
    const kept = all.filter((s, i) => i >= keptFrom && (s.t - offset) / timescale < window.end - epsilon);
    if (keptFrom < 0 || kept.length === 0) return whole;
    let next = withAttribute(attributes, "startNumber", (numberAttribute(attributes, "startNumber") ?? 1) + keptFrom);
    next = withAttribute(next, "presentationTimeOffset", offset + Math.round(window.start * timescale));
    const indent = /\n([ \t]*)<S\b/.exec(body)?.[1] ?? "";
    const timeline = body.replace(/(<SegmentTimeline\b[^>]*>)[\s\S]*?(\s*<\/SegmentTimeline>)/, (_m, open: string, close: string) => `${open}\n${serializeTimeline(kept, indent)}${close}`);
    return `<SegmentTemplate${next}>${timeline}</SegmentTemplate>`;
  });
  const seconds = Math.round((window.end - window.start) * 1000) / 1000;
  return clipped.replace(/\bmediaPresentationDuration="[^"]*"/, `mediaPresentationDuration="PT${seconds}S"`);
}
