/** Builds LL-HLS media playlist models from the live buffers: pure, so the writer stays pure too. */
import { initFileName } from "#transcoder/cmaf/package-model.ts";
import type { CmafPart } from "#transcoder/cmaf/types.ts";
import { targetDuration as renderedTargetDuration } from "#transcoder/hls/target-duration.ts";
import type { HlsMediaPlaylist, HlsMediaSegment, HlsPart } from "#transcoder/hls/types.ts";
import type { BufferedSegment, RenditionBuffer } from "./rendition-buffer.ts";

export interface LiveView {
  /** Every rendition, in configuration order. */
  buffers: readonly RenditionBuffer[];
  partTarget: number;
  targetDuration: number;
  /** Wall-clock ms of media time 0 (PROGRAM-DATE-TIME, availabilityStartTime). */
  anchorMs: number;
  ended: boolean;
}

/** RFC 8216bis §4.4.3.8 and Apple's LL-HLS figures, as multiples of the targets. */
export const HOLD_BACK = { partHoldBack: 3, holdBack: 3, canSkipUntil: 6 } as const;

/** Whole segments a live playlist lists: CAN-SKIP-UNTIL's worth plus four. The stored live window is as long, so every listed segment can be read. */
export const LIVE_WINDOW_SEGMENTS = HOLD_BACK.canSkipUntil + 4;

/** Plain playlists with fMP4 need version 6; EXT-X-SKIP needs 9 (§7). */
const VERSION = { full: 6, delta: 9 } as const;

export const segmentUri = (sequence: number) => `${sequence}.m4s`;
export const partUri = (sequence: number, index: number) => `${sequence}.${index}.m4s`;

function partModel(part: CmafPart): HlsPart {
  return { uri: partUri(part.segmentSequence, part.index), duration: part.duration / part.timescale, ...(part.independent ? { independent: true } : {}) };
}

function segmentModel(view: LiveView, s: BufferedSegment): HlsMediaSegment {
  const { segment } = s;
  return {
    uri: segmentUri(segment.sequence),
    duration: segment.duration / segment.timescale,
    ...(segment.discontinuity ? { discontinuity: true } : {}),
    programDateTime: new Date(view.anchorMs + (segment.decodeTime * 1000) / segment.timescale),
    map: { uri: initFileName(segment.initVersion) },
    ...(s.parts.length > 0 ? { parts: s.parts.map(partModel) } : {}),
  };
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
 * The LL-HLS playlist of `buffer`; with `skip`, a delta update (§6.2.5.1) when anything is old enough.
 * @example writeLowLatencyMediaPlaylist(llMediaPlaylistModel(view, buffer, { skip: false }))
 */
export function llMediaPlaylistModel(view: LiveView, buffer: RenditionBuffer, options: { skip: boolean }): HlsMediaPlaylist {
  const target = renderedTargetDuration(view.targetDuration, buffer.segments.map((s) => s.segment.duration / s.segment.timescale));
  const canSkipUntil = HOLD_BACK.canSkipUntil * target;
  const skipped = options.skip ? skippable(buffer.segments, buffer.liveEdgeSeconds() ?? 0, canSkipUntil) : 0;
  const listed = buffer.segments.slice(skipped);
  const next = buffer.nextPart();
  return {
    version: skipped > 0 ? VERSION.delta : VERSION.full,
    targetDuration: target,
    mediaSequence: buffer.segments[0]?.segment.sequence ?? buffer.open?.sequence ?? 0,
    discontinuitySequence: buffer.discontinuitySequence,
    independentSegments: true,
    segments: listed.map((s) => segmentModel(view, s)),
    endList: view.ended,
    lowLatency: {
      partTarget: view.partTarget,
      serverControl: { canBlockReload: true, partHoldBack: HOLD_BACK.partHoldBack * view.partTarget, holdBack: HOLD_BACK.holdBack * target, canSkipUntil },
      pendingParts: (buffer.open?.parts ?? []).map(partModel),
      preloadHint: { type: "PART", uri: partUri(next.msn, next.part) },
      renditionReports: view.buffers.flatMap((other) => {
        const last = other === buffer ? undefined : other.lastPosition();
        return last === undefined ? [] : [{ uri: `../${other.config.name}/index.m3u8`, lastMsn: last.msn, lastPart: last.part }];
      }),
      ...(skipped > 0 ? { skippedSegments: skipped } : {}),
    },
  };
}
