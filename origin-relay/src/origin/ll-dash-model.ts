/**
 * Builds the LL-DASH MPD and the multivariant playlist from the live buffers. LL-DASH uses the same
 * parts as LL-HLS: a number-based SegmentTemplate whose segments become available one part after they
 * start (availabilityTimeOffset = segment − part duration) and are delivered with chunked transfer
 * (DASH-IF IOP "Low-latency Modes for DASH" §9.X.4, ISO/IEC 23009-1 §5.3.9.5.3).
 */
import { measuredBandwidth, multivariantModel } from "#transcoder/cmaf/package-model.ts";
import type { PackageView, RenditionState } from "#transcoder/cmaf/package-model.ts";
import type { DashAdaptationSet, DashMpd, DashRepresentation } from "#transcoder/dash/types.ts";
import type { HlsMultivariantPlaylist } from "#transcoder/hls/types.ts";
import type { LiveView } from "./ll-hls-model.ts";
import type { RenditionBuffer } from "./rendition-buffer.ts";

/** Where each rendition's numbering starts: its first segment's number and decode time. */
export interface SegmentOrigin {
  sequence: number;
  decodeTime: number;
  timescale: number;
}

export interface DashOptions {
  /** Absolute or MPD-relative URL of the `/time` endpoint (urn:mpeg:dash:utc:http-iso:2014). */
  timeUrl: string;
  /** Latency the client should hold, seconds (ServiceDescription). */
  targetLatency: number;
  origins: ReadonlyMap<string, SegmentOrigin>;
}

/** The view as the storage package model sees it, so bandwidth and the multivariant playlist are computed once. */
function packageState(view: LiveView, buffer: RenditionBuffer): RenditionState {
  return {
    config: buffer.config,
    inits: buffer.inits,
    segments: buffer.segments.map(({ segment: s }) => ({
      sequence: s.sequence, decodeTime: s.decodeTime, duration: s.duration, timescale: s.timescale, size: s.bytes.byteLength,
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

export function llMpdModel(view: LiveView, now: Date, options: DashOptions): DashMpd {
  const sets: DashAdaptationSet[] = [];
  let startSeconds: number | undefined;
  for (const kind of ["video", "audio"] as const) {
    const representations: DashRepresentation[] = [];
    for (const buffer of view.buffers.filter((b) => b.config.kind === kind)) {
      const track = buffer.inits[buffer.inits.length - 1]?.track;
      const origin = options.origins.get(buffer.config.name);
      if (track === undefined || origin === undefined) continue;
      // All renditions share one grid; the first one seen anchors availabilityStartTime.
      startSeconds ??= origin.decodeTime / origin.timescale;
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
        presentationTimeOffset: origin.decodeTime,
      });
    }
    if (representations.length > 0) sets.push({ id: sets.length, contentType: kind, mimeType: `${kind}/mp4`, ...(kind === "audio" ? { lang: "und" } : {}), representations });
  }
  const windowSeconds = Math.max(...view.buffers.map((b) => b.segments.length), 1) * view.targetDuration;
  return {
    type: view.ended ? "static" : "dynamic",
    ...(view.ended ? { mediaPresentationDuration: Math.max(0, ...view.buffers.map((b) => b.liveEdgeSeconds() ?? 0)) - (startSeconds ?? 0) } : {}),
    ...(view.ended ? {} : { availabilityStartTime: new Date(view.anchorMs + (startSeconds ?? 0) * 1000), minimumUpdatePeriod: view.targetDuration, timeShiftBufferDepth: Math.max(view.targetDuration, windowSeconds - view.targetDuration) }),
    publishTime: now,
    minBufferTime: view.partTarget * 2,
    utcTiming: { schemeIdUri: "urn:mpeg:dash:utc:http-iso:2014", value: options.timeUrl },
    media: "$RepresentationID$/$Number$.m4s",
    initialization: "$RepresentationID$/init.mp4",
    adaptationSets: sets,
    ...(view.ended
      ? {}
      : { lowLatency: { availabilityTimeOffset: view.targetDuration - view.partTarget, targetLatency: options.targetLatency, minLatency: options.targetLatency / 2, maxLatency: options.targetLatency * 4, playbackRate: { min: 0.96, max: 1.04 } } }),
  };
}
