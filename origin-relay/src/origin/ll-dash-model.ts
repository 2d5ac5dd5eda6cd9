/**
 * Builds the LL-DASH MPD and the multivariant playlist from the live buffers. LL-DASH uses the same
 * parts as LL-HLS: a number-based SegmentTemplate whose segments become available one part after they
 * start (availabilityTimeOffset = segment − part duration) and are delivered with chunked transfer
 * (DASH-IF IOP "Low-latency Modes for DASH" §9.X.4, ISO/IEC 23009-1 §5.3.9.5.3).
 */
import { initFileName, measuredBandwidth, multivariantModel } from "#transcoder/cmaf/package-model.ts";
import type { PackageView, RenditionState } from "#transcoder/cmaf/package-model.ts";
import { periodBoundaries } from "#transcoder/dash/periods.ts";
import type { PeriodBoundary } from "#transcoder/dash/periods.ts";
import type { DashAdaptationSet, DashMpd, DashPeriod, DashRepresentation } from "#transcoder/dash/types.ts";
import type { HlsMultivariantPlaylist } from "#transcoder/hls/types.ts";
import type { LiveView } from "./ll-hls-model.ts";
import type { RenditionBuffer } from "./rendition-buffer.ts";
import type { SourceOrigins } from "./source-origins.ts";
import type { PlanSource } from "#transcoder/playlist/plan.ts";

export interface DashOptions {
  /** Absolute or MPD-relative URL of the `/time` endpoint (urn:mpeg:dash:utc:http-iso:2014). */
  timeUrl: string;
  /** Latency the client should hold, seconds (ServiceDescription). */
  targetLatency: number;
  origins: SourceOrigins;
}

/** The view as the storage package model sees it, so bandwidth and the multivariant playlist are computed once. */
function packageState(view: LiveView, buffer: RenditionBuffer): RenditionState {
  return {
    config: buffer.config,
    inits: buffer.inits,
    segments: buffer.segments.map(({ segment: s, size }) => ({
      sequence: s.sequence, decodeTime: s.decodeTime, duration: s.duration, timescale: s.timescale, size,
      discontinuity: s.discontinuity, initVersion: s.initVersion, programDateTime: new Date(view.anchorMs + (s.decodeTime * 1000) / s.timescale),
    })),
  };
}

function packageView(view: LiveView, now: Date): PackageView {
  return { renditions: view.buffers.map((b) => packageState(view, b)), windowSize: undefined, targetDuration: view.targetDuration, ended: view.ended, anchorMs: view.anchorMs, now };
}

export function liveMultivariantModel(view: LiveView, now: Date): HlsMultivariantPlaylist {
  return multivariantModel(packageView(view, now));
}

const originSeconds = (o: PlanSource) => o.decodeTime / o.timescale;

/** Periods still on the timeline: the last one that started at or before the oldest buffered segment, and later ones. */
function livePeriods(view: LiveView, boundaries: PeriodBoundary[]): PeriodBoundary[] {
  const oldest = Math.min(...view.buffers.flatMap((b) => b.segments.slice(0, 1).map(({ segment: s }) => s.decodeTime / s.timescale)));
  return boundaries.filter((_, i) => (boundaries[i + 1]?.startSeconds ?? Infinity) > oldest);
}

/**
 * One Period per source header (§5.3.2). Presentation time 0 is the first origin; a later Period starts
 * at its source's first segment, with @presentationTimeOffset at that instant and $Number$ continuing.
 */
function periods(view: LiveView, options: DashOptions, startSeconds: number): DashPeriod[] {
  const boundaries = periodBoundaries(view.buffers.map((b) => options.origins.of(b.config.name).map((o, source) => ({ source, initVersion: o.initVersion, startSeconds: originSeconds(o) }))));
  const out: DashPeriod[] = [];
  for (const boundary of livePeriods(view, boundaries)) {
    const end = boundaries[boundaries.indexOf(boundary) + 1]?.source ?? Infinity;
    const first = boundary.source === 0;
    const sets: DashAdaptationSet[] = [];
    for (const kind of ["video", "audio"] as const) {
      const representations: DashRepresentation[] = [];
      for (const buffer of view.buffers.filter((b) => b.config.kind === kind)) {
        const origins = options.origins.of(buffer.config.name);
        const origin = origins.find((o, source) => source >= boundary.source && source < end);
        const track = buffer.inits.find((i) => i.version === origin?.initVersion)?.track;
        if (origin === undefined || track === undefined) continue;
        representations.push({
          id: buffer.config.name,
          bandwidth: measuredBandwidth(packageState(view, buffer)).peak,
          codecs: track.codec,
          ...(track.width !== undefined ? { width: track.width } : {}),
          ...(track.height !== undefined ? { height: track.height } : {}),
          ...(buffer.config.frameRate !== undefined ? { frameRate: buffer.config.frameRate } : {}),
          ...(track.sampleRate !== undefined ? { audioSamplingRate: track.sampleRate } : {}),
          ...(track.channels !== undefined ? { channels: track.channels } : {}),
          timescale: origin.timescale,
          startNumber: origin.sequence,
          segments: [],
          duration: Math.round(view.targetDuration * origin.timescale),
          presentationTimeOffset: first ? origin.decodeTime : Math.round(boundary.startSeconds * origin.timescale),
          ...(origin.initVersion === 0 ? {} : { initialization: `$RepresentationID$/${initFileName(origin.initVersion)}` }),
        });
      }
      if (representations.length > 0) sets.push({ id: sets.length, contentType: kind, mimeType: `${kind}/mp4`, ...(kind === "audio" ? { lang: "und" } : {}), representations });
    }
    if (sets.length > 0) out.push({ id: boundary.id, start: first ? 0 : Math.max(0, boundary.startSeconds - startSeconds), adaptationSets: sets });
  }
  return out;
}

export function llMpdModel(view: LiveView, now: Date, options: DashOptions): DashMpd {
  // All renditions share one grid; the first one's first origin anchors availabilityStartTime.
  const ordered = [...view.buffers.filter((b) => b.config.kind === "video"), ...view.buffers.filter((b) => b.config.kind === "audio")];
  const anchor = ordered.map((b) => options.origins.of(b.config.name)[0]).find((o) => o !== undefined);
  const startSeconds = anchor === undefined ? 0 : originSeconds(anchor);
  const windowSeconds = Math.max(...view.buffers.map((b) => b.segments.length), 1) * view.targetDuration;
  return {
    type: view.ended ? "static" : "dynamic",
    ...(view.ended ? { mediaPresentationDuration: Math.max(0, ...view.buffers.map((b) => b.liveEdgeSeconds() ?? 0)) - startSeconds } : {}),
    ...(view.ended ? {} : { availabilityStartTime: new Date(view.anchorMs + startSeconds * 1000), minimumUpdatePeriod: view.targetDuration, timeShiftBufferDepth: Math.max(view.targetDuration, windowSeconds - view.targetDuration) }),
    publishTime: now,
    minBufferTime: view.partTarget * 2,
    utcTiming: { schemeIdUri: "urn:mpeg:dash:utc:http-iso:2014", value: options.timeUrl },
    media: "$RepresentationID$/$Number$.m4s",
    initialization: "$RepresentationID$/init.mp4",
    periods: periods(view, options, startSeconds),
    ...(view.ended
      ? {}
      : { lowLatency: { availabilityTimeOffset: view.targetDuration - view.partTarget, targetLatency: options.targetLatency, minLatency: options.targetLatency / 2, maxLatency: options.targetLatency * 4, playbackRate: { min: 0.96, max: 1.04 } } }),
  };
}
