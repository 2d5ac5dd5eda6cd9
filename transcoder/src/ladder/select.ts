/** Chooses the renditions for one source: never upscales, keeps aspect ratio, caps frame rate. */
import { TributaryError } from "#core/errors.ts";
import type { LadderConfig } from "#core/ladder/config.ts";
import { DEFAULT_B_FRAMES, DEFAULT_PART_DURATION, DEFAULT_RUNGS, HIGH_FPS_BITRATE_FACTOR, PASSTHROUGH_CODECS } from "#core/ladder/defaults.ts";
import { capFps, evenFloor, fitWithin } from "./fit.ts";
import { h264Level } from "./h264-level.ts";
import type { Ladder, PassthroughRung, RungSpec, SourceInfo, VideoRung } from "#core/ladder/types.ts";

/**
 * The ladder for `source` under a parsed per-stream config.
 * @example selectLadder({ width: 1280, height: 720, fps: 30, videoCodec: "h264" }, parseLadderConfig())
 */
export function selectLadder(source: SourceInfo, config: LadderConfig): Ladder {
  if (!(source.width > 0 && source.height > 0 && source.fps > 0)) {
    throw new TributaryError("media.invalid", `source has no usable picture size or frame rate (${source.width}x${source.height} @ ${source.fps})`, {
      details: { source },
    });
  }
  const fps = capFps(source.fps, config.maxFps);
  const specs = config.rungs ?? DEFAULT_RUNGS.map((r) => (fps > 30 ? scaleRates(r, HIGH_FPS_BITRATE_FACTOR) : r));
  const video = fitRungs(source, specs, fps);
  const gopFrames = Math.round(config.segmentDuration * fps);
  return {
    video,
    passthrough: config.passthrough ? passthroughRung(source) : null,
    audio: config.audio === false || source.hasAudio === false ? null : config.audio,
    fps,
    latency: config.latency,
    segmentDuration: config.segmentDuration,
    partDuration: config.partDuration ?? DEFAULT_PART_DURATION[config.latency],
    gopFrames,
    bFrames: config.bFrames ?? DEFAULT_B_FRAMES[config.latency],
  };
}

function fitRungs(source: SourceInfo, specs: readonly RungSpec[], fps: number): VideoRung[] {
  const fitted: VideoRung[] = [];
  for (const spec of specs) {
    const size = fitWithin(source, spec);
    if (size === null) continue;
    // Two boxes can land on one size (e.g. an ultra-wide source); keep the first.
    if (fitted.some((r) => r.width === size.width && r.height === size.height)) continue;
    fitted.push(toVideoRung(capRates(spec, source.bitrate), size.width, size.height, fps));
  }
  if (fitted.length === 0 && specs.length > 0) {
    // A source smaller than every rung still gets one rung at its own size.
    const smallest = specs.reduce((a, b) => (b.width * b.height < a.width * a.height ? b : a));
    const width = evenFloor(source.width);
    const height = evenFloor(source.height);
    const ratio = Math.min(1, (width * height) / (smallest.width * smallest.height));
    const spec = capRates(scaleRates(smallest, ratio), source.bitrate);
    fitted.push(toVideoRung({ ...spec, name: `${Math.min(width, height)}p` }, width, height, fps));
  }
  return fitted.sort((a, b) => b.width * b.height - a.width * a.height);
}

function toVideoRung(spec: RungSpec, width: number, height: number, fps: number): VideoRung {
  const level = spec.level ?? h264Level(width, height, fps, spec.maxrate, spec.profile === "high");
  return { ...spec, kind: "video", width, height, level };
}

function scaleRates(spec: RungSpec, factor: number): RungSpec {
  const r = (n: number) => Math.max(16_000, Math.round(n * factor));
  return { ...spec, bitrate: r(spec.bitrate), maxrate: r(spec.maxrate), bufsize: r(spec.bufsize) };
}

/** No rung spends more bits than the source itself carries. */
function capRates(spec: RungSpec, sourceBitrate: number | undefined): RungSpec {
  if (sourceBitrate === undefined || spec.bitrate <= sourceBitrate) return spec;
  return scaleRates(spec, sourceBitrate / spec.bitrate);
}

function passthroughRung(source: SourceInfo): PassthroughRung | null {
  if (!PASSTHROUGH_CODECS.includes(source.videoCodec)) return null;
  return { kind: "passthrough", name: "source", width: source.width, height: source.height, fps: source.fps, codec: source.videoCodec, bitrate: source.bitrate };
}
