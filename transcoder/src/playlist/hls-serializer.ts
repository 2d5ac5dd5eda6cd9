/**
 * The one HLS media-playlist serializer (RFC 8216bis §4.4.3, §4.4.4, and for LL-HLS §4.4.3.7-8,
 * §4.4.4.9, §4.4.5.2-4, §6.2.5): renders a `PlaylistPlan`, from storage packaging or the live origin.
 */
import { renditionFiles } from "#core/storage/keys.ts";
import { attributes, dateTime, decimal, quoted } from "../hls/format.ts";
import { seconds } from "./plan.ts";
import type { PlanKey, PlanLowLatency, PlanPart, PlanSegment, PlaylistPlan } from "./plan.ts";

/** EXT-X-VERSION (§7): 6 for EXT-X-MAP without I-FRAMES-ONLY, 9 for EXT-X-SKIP; nothing else we write needs more. */
const VERSION = { map: 6, skip: 9 } as const;

/** A part's file name beside its segment (`<sequence>.<index>.m4s`); the origin's routes parse the same form. */
export const partFileName = (sequence: number, index: number): string => `${sequence}.${index}.m4s`;

/**
 * Renders `plan` as text with a trailing newline; with `plan.lowLatency`, an LL-HLS playlist.
 * @example serializeMediaPlaylist(renditionPlan(view, state))
 */
export function serializeMediaPlaylist(plan: PlaylistPlan): string {
  const ll = plan.lowLatency;
  if (ll === undefined && plan.segments.some((s) => s.parts.length > 0)) throw new TypeError("parts need LL-HLS (a PART-TARGET)");
  const skipped = ll?.skippedSegments ?? 0;
  const lines = ["#EXTM3U", `#EXT-X-VERSION:${skipped > 0 ? VERSION.skip : VERSION.map}`, `#EXT-X-TARGETDURATION:${plan.targetDuration}`];
  if (ll !== undefined) lines.push(`#EXT-X-SERVER-CONTROL:${serverControl(ll)}`, `#EXT-X-PART-INF:PART-TARGET=${decimal(ll.partTarget)}`);
  lines.push(`#EXT-X-MEDIA-SEQUENCE:${plan.mediaSequence}`);
  if (plan.discontinuitySequence > 0) lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${plan.discontinuitySequence}`);
  if (plan.playlistType !== undefined) lines.push(`#EXT-X-PLAYLIST-TYPE:${plan.playlistType}`);
  lines.push("#EXT-X-INDEPENDENT-SEGMENTS");
  // §4.4.5.2: the tag stands in for the skipped segments, before the first one listed.
  if (skipped > 0) lines.push(`#EXT-X-SKIP:SKIPPED-SEGMENTS=${skipped}`);
  const keys = new KeyTags();
  lines.push(...segmentLines(plan.segments, keys));
  // The pending parts and the hinted part take the key of the segment they belong to.
  if (ll?.pendingKey !== undefined && !plan.endList) lines.push(...keys.enter(ll.pendingKey));
  if (ll !== undefined) lines.push(...ll.pendingParts.map(partLine));
  // §4.4.5.3: no hint once the playlist is final.
  if (ll !== undefined && !plan.endList) lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI=${quoted(partFileName(ll.preloadHint.sequence, ll.preloadHint.index))}`);
  if (plan.endList) lines.push("#EXT-X-ENDLIST");
  if (ll !== undefined) lines.push(...ll.renditionReports.map(renditionReport));
  return `${lines.join("\n")}\n`;
}

/**
 * The EXT-X-KEY in force while lines are written. A key applies to every segment and every EXT-X-MAP
 * after it (§4.4.4.4), and headers are stored clear, so a MAP that follows a key is preceded by
 * METHOD=NONE and the key is restated after it.
 */
class KeyTags {
  #current: PlanKey | undefined;

  /** The lines that put `key` in force (none when it already is). */
  enter(key: PlanKey | undefined): string[] {
    if (sameKey(key, this.#current)) return [];
    const was = this.#current;
    this.#current = key;
    if (key === undefined) return was === undefined ? [] : ["#EXT-X-KEY:METHOD=NONE"];
    return [keyLine(key)];
  }

  /** Lines around a MAP: no key in force while it is declared. */
  aroundMap(map: string): string[] {
    const key = this.#current;
    if (key === undefined) return [map];
    this.#current = undefined;
    return ["#EXT-X-KEY:METHOD=NONE", map];
  }
}

function sameKey(a: PlanKey | undefined, b: PlanKey | undefined): boolean {
  return a?.method === b?.method && a?.uri === b?.uri && a?.iv === b?.iv && a?.keyFormat === b?.keyFormat && a?.keyFormatVersions === b?.keyFormatVersions && a?.keyId === b?.keyId;
}

/** EXT-X-KEY (§4.4.4.4). */
function keyLine(key: PlanKey): string {
  return `#EXT-X-KEY:${attributes([
    ["METHOD", key.method],
    ["URI", quoted(key.uri)],
    ["IV", key.iv === undefined ? undefined : `0x${key.iv}`],
    ["KEYID", key.keyId === undefined ? undefined : `0x${key.keyId}`],
    ["KEYFORMAT", key.keyFormat === undefined ? undefined : quoted(key.keyFormat)],
    ["KEYFORMATVERSIONS", key.keyFormatVersions === undefined ? undefined : quoted(key.keyFormatVersions)],
  ])}`;
}

/** Each segment with its DISCONTINUITY, a MAP when the header changes, its key, PROGRAM-DATE-TIME, its parts and EXTINF. */
function segmentLines(segments: readonly PlanSegment[], keys: KeyTags): string[] {
  const lines: string[] = [];
  let map: string | undefined;
  for (const segment of segments) {
    if (segment.discontinuity) lines.push("#EXT-X-DISCONTINUITY");
    const header = renditionFiles.init(segment.initVersion);
    if (header !== map) lines.push(...keys.aroundMap(`#EXT-X-MAP:URI=${quoted((map = header))}`));
    lines.push(...keys.enter(segment.key));
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${dateTime(segment.programDateTime)}`);
    lines.push(...segment.parts.map(partLine), `#EXTINF:${decimal(seconds(segment))},`, renditionFiles.segment(segment.sequence));
  }
  return lines;
}

function serverControl(ll: PlanLowLatency): string {
  return attributes([
    ["CAN-BLOCK-RELOAD", "YES"],
    ["CAN-SKIP-UNTIL", decimal(ll.canSkipUntil)],
    ["PART-HOLD-BACK", decimal(ll.partHoldBack)],
    ["HOLD-BACK", decimal(ll.holdBack)],
  ]);
}

/** EXT-X-PART (§4.4.4.9). */
function partLine(part: PlanPart): string {
  return `#EXT-X-PART:${attributes([
    ["DURATION", decimal(part.duration)],
    ["URI", quoted(partFileName(part.sequence, part.index))],
    ["INDEPENDENT", part.independent ? "YES" : undefined],
  ])}`;
}

/** EXT-X-RENDITION-REPORT (§4.4.5.4): the other rendition's playlist, relative to this one. */
function renditionReport(report: PlanLowLatency["renditionReports"][number]): string {
  return `#EXT-X-RENDITION-REPORT:${attributes([
    ["URI", quoted(`../${report.rendition}/${renditionFiles.playlist}`)],
    ["LAST-MSN", String(report.lastMsn)],
    ["LAST-PART", String(report.lastPart)],
  ])}`;
}
