/** Builds the HLS and DASH models from what has been packaged so far: pure, so the writers stay pure too. */
import type { TrackInfo } from "../codecs/track-info.ts";
import { periodBoundaries } from "../dash/periods.ts";
import type { SourceRun } from "../dash/periods.ts";
import type { DashAdaptationSet, DashMpd, DashPeriod, DashRepresentation } from "../dash/types.ts";
import type { HlsMultivariantPlaylist, HlsVariant } from "../hls/types.ts";
import { targetDurationOf } from "../playlist/plan.ts";
import type { PlanSource, PlaylistPlan } from "../playlist/plan.ts";
import { slideWindow } from "../playlist/window.ts";
import { renditionFiles } from "#core/storage/keys.ts";
import type { CmafInit } from "./types.ts";

/** One rendition of the ladder as the packager is told about it. */
export interface RenditionConfig {
  /** Folder name under the media id (`720p`, `audio`). */
  name: string;
  kind: "video" | "audio";
  /** Declared peak bit rate, bits/s, used until segments have been measured. */
  bandwidth: number;
  frameRate?: number;
  language?: string;
}

export interface PackagedSegment {
  sequence: number;
  decodeTime: number;
  duration: number;
  timescale: number;
  size: number;
  discontinuity: boolean;
  initVersion: number;
  programDateTime: Date;
}

export interface RenditionState {
  config: RenditionConfig;
  inits: CmafInit[];
  segments: PackagedSegment[];
}

export interface PackageView {
  renditions: RenditionState[];
  /** Segments kept in live playlists; `undefined` keeps all (EVENT playlist, the recording). */
  windowSize: number | undefined;
  /** Segments still stored when older ones are deleted (no recording): an ended playlist lists only these. */
  retainedSegments?: number | undefined;
  targetDuration: number;
  ended: boolean;
  /** Wall-clock ms of media time 0, anchoring PROGRAM-DATE-TIME and availabilityStartTime. */
  anchorMs: number;
  now: Date;
}

/** EXT-X-VERSION of the multivariant playlists (media playlists take theirs from the serializer). */
export const HLS_VERSION = 7;
export const AUDIO_GROUP = "audio";

/** A header's file name in its rendition's folder (the key layout owns the rule). */
export const initFileName = renditionFiles.init;

function windowOf(view: PackageView, state: RenditionState) {
  const all = state.segments.length || 1;
  const size = view.windowSize === undefined ? all : view.ended ? Math.min(all, view.retainedSegments ?? all) : view.windowSize;
  return slideWindow({ segments: state.segments, firstSequence: state.segments[0]?.sequence ?? 0, firstDiscontinuitySequence: 0, size });
}

/** Every source of the rendition: its first segment, then each one after a discontinuity. */
function sourcesOf(state: RenditionState): PlanSource[] {
  return state.segments.filter((s, i) => i === 0 || s.discontinuity).map(({ sequence, decodeTime, timescale, initVersion }) => ({ sequence, decodeTime, timescale, initVersion }));
}

/** The rendition's stored playlist: its window (all of it when recording, EVENT then VOD), whole segments only. */
export function renditionPlan(view: PackageView, state: RenditionState): PlaylistPlan {
  const window = windowOf(view, state);
  const event = view.windowSize === undefined;
  const segments = window.segments.map(({ sequence, decodeTime, duration, timescale, discontinuity, initVersion, programDateTime }) => ({ sequence, decodeTime, duration, timescale, discontinuity, initVersion, programDateTime, parts: [] }));
  return {
    targetDuration: targetDurationOf(view.targetDuration, segments),
    mediaSequence: window.mediaSequence,
    discontinuitySequence: window.discontinuitySequence,
    ...(event ? { playlistType: view.ended ? ("VOD" as const) : ("EVENT" as const) } : {}),
    segments,
    sources: sourcesOf(state),
    endList: view.ended,
  };
}

/** Peak and average bit rate of a rendition's segments, or its declared rate before any are measured. */
export function measuredBandwidth(state: RenditionState): { peak: number; average: number } {
  if (state.segments.length === 0) return { peak: state.config.bandwidth, average: state.config.bandwidth };
  let peak = 0;
  let bits = 0;
  let seconds = 0;
  for (const s of state.segments) {
    const d = s.duration / s.timescale;
    if (d > 0) peak = Math.max(peak, (s.size * 8) / d);
    bits += s.size * 8;
    seconds += d;
  }
  return { peak: Math.ceil(peak), average: Math.ceil(seconds > 0 ? bits / seconds : 0) };
}

function latestTrack(state: RenditionState) {
  return state.inits[state.inits.length - 1]?.track;
}

export function multivariantModel(view: PackageView): HlsMultivariantPlaylist {
  const audio = view.renditions.find((r) => r.config.kind === "audio");
  const audioTrack = audio === undefined ? undefined : latestTrack(audio);
  const audioRate = audio === undefined ? { peak: 0, average: 0 } : measuredBandwidth(audio);
  const variants: HlsVariant[] = [];
  for (const r of view.renditions.filter((s) => s.config.kind === "video")) {
    const track = latestTrack(r);
    if (track === undefined) continue;
    const rate = measuredBandwidth(r);
    variants.push({
      uri: `${r.config.name}/index.m3u8`,
      bandwidth: rate.peak + audioRate.peak,
      averageBandwidth: rate.average + audioRate.average,
      codecs: audioTrack === undefined ? [track.codec] : [track.codec, audioTrack.codec],
      ...(track.width !== undefined && track.height !== undefined ? { resolution: { width: track.width, height: track.height } } : {}),
      ...(r.config.frameRate !== undefined ? { frameRate: r.config.frameRate } : {}),
      ...(audioTrack !== undefined ? { audioGroup: AUDIO_GROUP } : {}),
    });
  }
  return {
    version: HLS_VERSION,
    independentSegments: true,
    audio:
      audio === undefined || audioTrack === undefined
        ? []
        : [{ groupId: AUDIO_GROUP, name: "default", uri: `${audio.config.name}/index.m3u8`, language: audio.config.language ?? "und", default: true, autoselect: true, ...(audioTrack.channels === undefined ? {} : { channels: audioTrack.channels }) }],
    variants,
  };
}

/** A packaged segment and the source it came from: 0, then +1 at each discontinuity. */
interface SourcedSegment {
  segment: PackagedSegment;
  source: number;
}

function sourced(state: RenditionState): SourcedSegment[] {
  let source = 0;
  return state.segments.map((segment, i) => ({ segment, source: i > 0 && segment.discontinuity ? ++source : source }));
}

function runsOf(segments: readonly SourcedSegment[]): SourceRun[] {
  return segments.filter((s, i) => i === 0 || s.source !== segments[i - 1]?.source).map(({ segment: s, source }) => ({ source, initVersion: s.initVersion, startSeconds: s.decodeTime / s.timescale }));
}

function dashRepresentation(state: RenditionState, track: TrackInfo, window: { mediaSequence: number; segments: PackagedSegment[] }): DashRepresentation {
  return {
    id: state.config.name,
    bandwidth: measuredBandwidth(state).peak,
    codecs: track.codec,
    ...(track.width !== undefined ? { width: track.width } : {}),
    ...(track.height !== undefined ? { height: track.height } : {}),
    ...(state.config.frameRate !== undefined ? { frameRate: state.config.frameRate } : {}),
    ...(track.sampleRate !== undefined ? { audioSamplingRate: track.sampleRate } : {}),
    ...(track.channels !== undefined ? { channels: track.channels } : {}),
    timescale: track.timescale,
    startNumber: window.mediaSequence,
    segments: window.segments.map((s) => ({ t: s.decodeTime, d: s.duration })),
  };
}

/**
 * One Period per source header (ISO/IEC 23009-1 §5.3.2). Presentation time is media time: the first
 * Period starts at 0, a later one at its first segment with @presentationTimeOffset at the same instant,
 * so SegmentTimeline `t` stays the tfdt and $Number$ keeps the media sequence.
 */
function mpdPeriods(view: PackageView): DashPeriod[] {
  const renditions = view.renditions.map((state) => {
    const all = sourced(state);
    const window = windowOf(view, state);
    return { state, runs: runsOf(all), listed: all.slice(all.length - window.segments.length) };
  });
  const boundaries = periodBoundaries(renditions.map((r) => r.runs));
  const periods: DashPeriod[] = [];
  boundaries.forEach((boundary, index) => {
    const end = boundaries[index + 1]?.source ?? Infinity;
    const start = index === 0 ? 0 : boundary.startSeconds;
    const sets: DashAdaptationSet[] = [];
    for (const kind of ["video", "audio"] as const) {
      const representations: DashRepresentation[] = [];
      for (const { state, listed } of renditions.filter((r) => r.state.config.kind === kind)) {
        const inPeriod = listed.filter((s) => s.source >= boundary.source && s.source < end);
        const first = inPeriod[0]?.segment;
        const track = state.inits.find((i) => i.version === first?.initVersion)?.track;
        if (first === undefined || track === undefined) continue;
        const rep = dashRepresentation(state, track, { mediaSequence: first.sequence, segments: inPeriod.map((s) => s.segment) });
        representations.push({
          ...rep,
          ...(start === 0 ? {} : { presentationTimeOffset: Math.round(start * track.timescale) }),
          ...(first.initVersion === 0 ? {} : { initialization: `$RepresentationID$/${initFileName(first.initVersion)}` }),
        });
      }
      if (representations.length > 0) sets.push({ id: sets.length, contentType: kind, mimeType: `${kind}/mp4`, ...(kind === "audio" ? { lang: "und" } : {}), representations });
    }
    if (sets.length > 0) periods.push({ id: boundary.id, start, adaptationSets: sets });
  });
  return periods;
}

export function mpdModel(view: PackageView): DashMpd {
  const live = !view.ended;
  const durations = view.renditions.map((r) => r.segments.reduce((sum, s) => sum + s.duration / s.timescale, 0));
  return {
    type: live ? "dynamic" : "static",
    ...(live ? { availabilityStartTime: new Date(view.anchorMs) } : {}),
    publishTime: view.now,
    minBufferTime: view.targetDuration,
    ...(live
      ? {
          minimumUpdatePeriod: view.targetDuration,
          suggestedPresentationDelay: 3 * view.targetDuration,
          ...(view.windowSize !== undefined ? { timeShiftBufferDepth: view.windowSize * view.targetDuration } : {}),
        }
      : { mediaPresentationDuration: Math.max(0, ...durations) }),
    media: "$RepresentationID$/$Number$.m4s",
    initialization: "$RepresentationID$/init.mp4",
    periods: mpdPeriods(view),
  };
}
