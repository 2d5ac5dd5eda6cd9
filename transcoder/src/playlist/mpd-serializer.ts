/**
 * The one MPD serializer (ISO/IEC 23009-1): every rendition's `PlaylistPlan`, from storage packaging or
 * the live origin, becomes one MPD, with Periods built in mpd-periods.ts and the XML written by
 * ../dash/mpd.ts.
 */
import { renditionFiles } from "#core/storage/keys.ts";
import { writeMpd } from "../dash/mpd.ts";
import type { DashContentProtection, DashMpd } from "../dash/types.ts";
import { mpdPeriods, presentationZero } from "./mpd-periods.ts";
import type { MpdAddressing, MpdRendition } from "./mpd-periods.ts";
import { HOLD_BACK_TARGETS, seconds } from "./plan.ts";
import type { PlaylistPlan } from "./plan.ts";

export type { MpdAddressing, MpdRendition } from "./mpd-periods.ts";

export interface MpdPlan {
  renditions: MpdRendition[];
  addressing: MpdAddressing;
  /** Configured segment target, seconds. */
  targetDuration: number;
  /** Wall-clock ms of media time 0 (with presentation time 0, availabilityStartTime). */
  anchorMs: number;
  now: Date;
  /** How far back a client may rewind while live, seconds; omitted keeps everything (a recording). */
  timeShiftBufferDepth?: number | undefined;
  /** The `/time` endpoint a client syncs its clock with (urn:mpeg:dash:utc:http-iso:2014, §5.8.4.11). */
  utcTimingUrl?: string | undefined;
  /** A low-latency stream (LL-DASH): part target and the ServiceDescription latency, seconds. */
  lowLatency?: { partTarget: number; targetLatency: number } | undefined;
  /** An encrypted presentation's descriptors (../dash/content-protection.ts), on every AdaptationSet. */
  contentProtection?: readonly DashContentProtection[] | undefined;
}

/** SegmentTemplate paths relative to the MPD (§5.3.9.4.4). */
const TEMPLATE = { media: "$RepresentationID$/$Number$.m4s", initialization: `$RepresentationID$/${renditionFiles.init(0)}` } as const;

/** Media seconds at the end of the rendition's newest listed segment and the parts after it. */
function mediaEnd(plan: PlaylistPlan): number {
  const last = plan.segments[plan.segments.length - 1];
  if (last === undefined) return 0;
  return last.decodeTime / last.timescale + seconds(last) + (plan.lowLatency?.pendingParts ?? []).reduce((sum, p) => sum + p.duration, 0);
}

/** The MPD model of `plan`: static once every rendition has ended (§5.3.1.2). */
function mpdOf(plan: MpdPlan): DashMpd {
  const ended = plan.renditions.length > 0 && plan.renditions.every((r) => r.plan.endList);
  const zero = presentationZero(plan.renditions);
  const ll = plan.lowLatency;
  const live: Partial<DashMpd> = {
    availabilityStartTime: new Date(plan.anchorMs + zero * 1000),
    minimumUpdatePeriod: plan.targetDuration,
    ...(plan.timeShiftBufferDepth !== undefined ? { timeShiftBufferDepth: plan.timeShiftBufferDepth } : {}),
    // A low-latency client holds the ServiceDescription's latency instead.
    ...(ll === undefined ? { suggestedPresentationDelay: HOLD_BACK_TARGETS * plan.targetDuration } : {}),
  };
  return {
    type: ended ? "static" : "dynamic",
    ...(ended ? { mediaPresentationDuration: Math.max(0, ...plan.renditions.map((r) => mediaEnd(r.plan))) - zero } : live),
    publishTime: plan.now,
    minBufferTime: ll === undefined ? plan.targetDuration : 2 * ll.partTarget,
    ...(plan.utcTimingUrl !== undefined ? { utcTiming: { schemeIdUri: "urn:mpeg:dash:utc:http-iso:2014", value: plan.utcTimingUrl } } : {}),
    ...TEMPLATE,
    periods: mpdPeriods(plan.renditions, plan.addressing, plan.targetDuration, plan.contentProtection),
    ...(ll !== undefined && !ended
      ? {
          // DASH-IF IOP LL-DASH: a segment is offered one part after it starts, chunk by chunk.
          lowLatency: { availabilityTimeOffset: plan.targetDuration - ll.partTarget, targetLatency: ll.targetLatency, minLatency: ll.targetLatency / 2, maxLatency: ll.targetLatency * 4, playbackRate: { min: 0.96, max: 1.04 } },
        }
      : {}),
  };
}

/**
 * Renders `plan` as an MPD document.
 * @example serializeMpd({ renditions, addressing: "timeline", targetDuration: 2, anchorMs, now })
 */
export function serializeMpd(plan: MpdPlan): string {
  return writeMpd(mpdOf(plan));
}
