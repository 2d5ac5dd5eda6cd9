/**
 * Fills the LL-DASH MPD plan and the multivariant playlist from the live buffers. LL-DASH uses the same
 * parts as LL-HLS: a number-based SegmentTemplate whose segments become available one part after they
 * start (availabilityTimeOffset = segment − part duration) and are delivered with chunked transfer
 * (DASH-IF IOP "Low-latency Modes for DASH" §9.X.4, ISO/IEC 23009-1 §5.3.9.5.3).
 */
import { measuredBandwidth, multivariantModel } from "#transcoder/cmaf/package-model.ts";
import type { PackageView, RenditionState } from "#transcoder/cmaf/package-model.ts";
import type { HlsMultivariantPlaylist } from "#transcoder/hls/types.ts";
import type { MpdPlan } from "#transcoder/playlist/mpd-serializer.ts";
import { livePlaylistPlan } from "./ll-hls-model.ts";
import type { LiveView } from "./ll-hls-model.ts";
import type { RenditionBuffer } from "./rendition-buffer.ts";

export interface DashOptions {
  /** Absolute or MPD-relative URL of the `/time` endpoint (urn:mpeg:dash:utc:http-iso:2014). */
  timeUrl: string;
  /** Latency the client should hold, seconds (ServiceDescription). */
  targetLatency: number;
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

/** Every rendition's live plan, number-addressed so a client can fetch the segment being written. */
export function liveMpdPlan(view: LiveView, now: Date, options: DashOptions): MpdPlan {
  // The window a client may rewind into: what is listed, less the segment about to slide out.
  const windowSeconds = Math.max(...view.buffers.map((b) => b.segments.length), 1) * view.targetDuration;
  return {
    renditions: view.buffers.map((buffer) => ({
      id: buffer.config.name,
      kind: buffer.config.kind,
      frameRate: buffer.config.frameRate,
      bandwidth: measuredBandwidth(packageState(view, buffer)).peak,
      headers: buffer.inits,
      plan: livePlaylistPlan(view, buffer, { lowLatency: true, skip: false }),
    })),
    addressing: "number",
    targetDuration: view.targetDuration,
    anchorMs: view.anchorMs,
    now,
    timeShiftBufferDepth: Math.max(view.targetDuration, windowSeconds - view.targetDuration),
    utcTimingUrl: options.timeUrl,
    lowLatency: { partTarget: view.partTarget, targetLatency: options.targetLatency },
  };
}
