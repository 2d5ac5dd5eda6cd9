/**
 * Writes a Low-Latency HLS media playlist (RFC 8216bis §4.4.3.7-8, §4.4.4.9, §4.4.5.2-4, §6.2.5) from
 * its model: server control, part info, parts of recent segments, the pending parts of the segment
 * being written, a preload hint, rendition reports and, for delta updates, EXT-X-SKIP.
 */
import { attributes, decimal, quoted } from "./format.ts";
import { sequenceLines, segmentLines } from "./playlist-body.ts";
import { targetDuration } from "./target-duration.ts";
import type { HlsLowLatency, HlsMediaPlaylist, HlsPart } from "./types.ts";

/**
 * Renders `playlist` (which must carry `lowLatency.partTarget`) as text with a trailing newline.
 * @example writeLowLatencyMediaPlaylist({ ...model, lowLatency: { partTarget: 0.222, serverControl: { canBlockReload: true } } })
 */
export function writeLowLatencyMediaPlaylist(playlist: HlsMediaPlaylist): string {
  const ll = playlist.lowLatency;
  if (ll?.partTarget === undefined) throw new TypeError("an LL-HLS playlist needs lowLatency.partTarget");
  const skipped = ll.skippedSegments ?? 0;
  if (skipped > 0 && playlist.version < 9) throw new TypeError("EXT-X-SKIP needs EXT-X-VERSION 9 (RFC 8216bis §7)");
  const lines = ["#EXTM3U", `#EXT-X-VERSION:${playlist.version}`];
  lines.push(`#EXT-X-TARGETDURATION:${targetDuration(playlist.targetDuration, playlist.segments.map((s) => s.duration))}`);
  if (ll.serverControl !== undefined) lines.push(`#EXT-X-SERVER-CONTROL:${serverControl(ll.serverControl)}`);
  lines.push(`#EXT-X-PART-INF:PART-TARGET=${decimal(ll.partTarget)}`);
  lines.push(...sequenceLines(playlist));
  // §4.4.5.2: the tag stands in for the skipped segments, before the first one listed.
  if (skipped > 0) lines.push(`#EXT-X-SKIP:SKIPPED-SEGMENTS=${skipped}`);
  lines.push(...segmentLines(playlist.segments, (segment) => (segment.parts ?? []).map(partLine)));
  lines.push(...tail(ll, playlist.endList));
  return `${lines.join("\n")}\n`;
}

function serverControl(control: NonNullable<HlsLowLatency["serverControl"]>): string {
  const seconds = (value: number | undefined) => (value === undefined ? undefined : decimal(value));
  return attributes([
    ["CAN-BLOCK-RELOAD", control.canBlockReload === true ? "YES" : undefined],
    ["CAN-SKIP-UNTIL", seconds(control.canSkipUntil)],
    ["PART-HOLD-BACK", seconds(control.partHoldBack)],
    ["HOLD-BACK", seconds(control.holdBack)],
  ]);
}

/** EXT-X-PART (§4.4.4.9). */
function partLine(part: HlsPart): string {
  const range = part.byteRange === undefined ? undefined : quoted(part.byteRange.offset === undefined ? `${part.byteRange.length}` : `${part.byteRange.length}@${part.byteRange.offset}`);
  return `#EXT-X-PART:${attributes([
    ["DURATION", decimal(part.duration)],
    ["URI", quoted(part.uri)],
    ["INDEPENDENT", part.independent === true ? "YES" : undefined],
    ["BYTERANGE", range],
  ])}`;
}

/** What follows the last whole segment: pending parts, the preload hint, ENDLIST and rendition reports. */
function tail(ll: HlsLowLatency, endList: boolean): string[] {
  const lines = (ll.pendingParts ?? []).map(partLine);
  // §4.4.5.3: no hint once the playlist is final.
  if (ll.preloadHint !== undefined && !endList) lines.push(`#EXT-X-PRELOAD-HINT:TYPE=${ll.preloadHint.type},URI=${quoted(ll.preloadHint.uri)}`);
  if (endList) lines.push("#EXT-X-ENDLIST");
  for (const report of ll.renditionReports ?? []) {
    lines.push(
      `#EXT-X-RENDITION-REPORT:${attributes([
        ["URI", quoted(report.uri)],
        ["LAST-MSN", String(report.lastMsn)],
        ["LAST-PART", report.lastPart === undefined ? undefined : String(report.lastPart)],
      ])}`,
    );
  }
  return lines;
}
