/** Fills the playlist plans, MPD plan and multivariant model from what has been packaged so far: pure, so the serializers stay pure too. */
import type { HlsMultivariantPlaylist, HlsVariant } from "../hls/types.ts";
import type { MpdPlan } from "../playlist/mpd-serializer.ts";
import { targetDurationOf } from "../playlist/plan.ts";
import type { PlanKey, PlanSource, PlaylistPlan } from "../playlist/plan.ts";
import { slideWindow } from "../playlist/window.ts";
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
  key?: PlanKey | undefined;
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
  const segments = window.segments.map(({ sequence, decodeTime, duration, timescale, discontinuity, initVersion, programDateTime, key }) => ({ sequence, decodeTime, duration, timescale, discontinuity, initVersion, programDateTime, parts: [], key }));
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

/** Every rendition's stored playlist plan, for the MPD: the same window as `index.m3u8`, addressed by SegmentTimeline. */
export function mpdPlan(view: PackageView): MpdPlan {
  return {
    renditions: view.renditions.map((state) => ({ id: state.config.name, kind: state.config.kind, frameRate: state.config.frameRate, bandwidth: measuredBandwidth(state).peak, headers: state.inits, plan: renditionPlan(view, state) })),
    addressing: "timeline",
    targetDuration: view.targetDuration,
    anchorMs: view.anchorMs,
    now: view.now,
    ...(view.windowSize !== undefined ? { timeShiftBufferDepth: view.windowSize * view.targetDuration } : {}),
  };
}
