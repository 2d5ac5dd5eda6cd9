import { describe, expect, it } from "vitest";
import { isTributaryError } from "#core/errors.ts";
import { parseLadderConfig } from "#core/ladder/config.ts";
import type { LadderConfigInput } from "#core/ladder/config.ts";
import { LADDER_PROFILE_NAMES, type LadderProfileName } from "#core/ladder/profiles.ts";
import { streamLadderConfig } from "#core/ladder/stream-ladder.ts";
import { selectLadder } from "./select.ts";
import type { SourceInfo } from "#core/ladder/types.ts";

const hd: SourceInfo = { width: 1920, height: 1080, fps: 30, videoCodec: "h264" };

interface Case {
  name: string;
  source: SourceInfo;
  config?: LadderConfigInput;
  /** "name=WxH" per transcoded rung, largest first. */
  rungs: string[];
  fps: number;
  gopFrames: number;
}

const cases: Case[] = [
  { name: "1080p30 gets all five rungs", source: hd, rungs: ["1080p=1920x1080", "720p=1280x720", "480p=854x480", "360p=640x360", "240p=426x240"], fps: 30, gopFrames: 60 },
  { name: "720p never upscales", source: { ...hd, width: 1280, height: 720 }, rungs: ["720p=1280x720", "480p=854x480", "360p=640x360", "240p=426x240"], fps: 30, gopFrames: 60 },
  { name: "640x360 keeps 360p and 240p", source: { ...hd, width: 640, height: 360 }, rungs: ["360p=640x360", "240p=426x240"], fps: 30, gopFrames: 60 },
  { name: "4:3 keeps aspect inside boxes", source: { ...hd, width: 640, height: 480 }, rungs: ["480p=640x480", "360p=480x360", "240p=320x240"], fps: 30, gopFrames: 60 },
  { name: "portrait swaps the boxes", source: { ...hd, width: 720, height: 1280 }, rungs: ["720p=720x1280", "480p=480x854", "360p=360x640", "240p=240x426"], fps: 30, gopFrames: 60 },
  { name: "ultra-wide is width-bound, duplicates dropped", source: { ...hd, width: 2560, height: 1080 }, rungs: ["1080p=1920x810", "720p=1280x540", "480p=854x360", "360p=640x270", "240p=426x180"], fps: 30, gopFrames: 60 },
  { name: "odd source sizes round to even", source: { ...hd, width: 853, height: 481 }, rungs: ["480p=852x480", "360p=638x360", "240p=426x240"], fps: 30, gopFrames: 60 },
  { name: "tiny source gets one rung at its own size", source: { ...hd, width: 320, height: 180 }, rungs: ["180p=320x180"], fps: 30, gopFrames: 60 },
  { name: "60 fps kept under the default cap", source: { ...hd, fps: 60 }, rungs: ["1080p=1920x1080", "720p=1280x720", "480p=854x480", "360p=640x360", "240p=426x240"], fps: 60, gopFrames: 120 },
  { name: "60 fps halved under a 30 fps cap", source: { ...hd, fps: 60 }, config: { maxFps: 30 }, rungs: ["1080p=1920x1080", "720p=1280x720", "480p=854x480", "360p=640x360", "240p=426x240"], fps: 30, gopFrames: 60 },
  { name: "50 fps becomes 25 under a 30 fps cap", source: { ...hd, width: 640, height: 360, fps: 50 }, config: { maxFps: 30 }, rungs: ["360p=640x360", "240p=426x240"], fps: 25, gopFrames: 50 },
  { name: "29.97 fps GOP rounds to 60 frames", source: { ...hd, width: 640, height: 360, fps: 30000 / 1001 }, rungs: ["360p=640x360", "240p=426x240"], fps: 30000 / 1001, gopFrames: 60 },
  {
    name: "explicit rungs replace defaults",
    source: hd,
    config: { rungs: [{ name: "hi", width: 1280, height: 720, bitrate: 3_000_000 }, { name: "lo", width: 640, height: 360, bitrate: 700_000 }] },
    rungs: ["hi=1280x720", "lo=640x360"],
    fps: 30,
    gopFrames: 60,
  },
  { name: "4 s segments double the GOP", source: { ...hd, width: 640, height: 360 }, config: { segmentDuration: 4 }, rungs: ["360p=640x360", "240p=426x240"], fps: 30, gopFrames: 120 },
];

describe("selectLadder", () => {
  it.each(cases)("$name", ({ source, config, rungs, fps, gopFrames }) => {
    const ladder = selectLadder(source, parseLadderConfig(config));
    expect(ladder.video.map((r) => `${r.name}=${r.width}x${r.height}`)).toEqual(rungs);
    expect(ladder.fps).toBeCloseTo(fps, 6);
    expect(ladder.gopFrames).toBe(gopFrames);
  });

  it("uses normal-latency defaults: 2 s segments, 1/3 s parts, 2 B-frames, AAC 128k stereo 48 kHz", () => {
    const ladder = selectLadder(hd, parseLadderConfig());
    expect(ladder).toMatchObject({ latency: "normal", segmentDuration: 2, bFrames: 2, passthrough: null });
    expect(ladder.partDuration).toBeCloseTo(1 / 3, 6);
    expect(ladder.audio).toEqual({ name: "audio", codec: "aac", bitrate: 128_000, sampleRate: 48_000, channels: 2 });
  });

  it("low latency: 0.2 s parts and no B-frames", () => {
    const ladder = selectLadder(hd, parseLadderConfig({ latency: "low" }));
    expect(ladder).toMatchObject({ latency: "low", partDuration: 0.2, bFrames: 0 });
  });

  it.each([
    { name: "h264 source", videoCodec: "h264", expected: true },
    { name: "hevc source", videoCodec: "hevc", expected: true },
    { name: "vp6 source cannot be remuxed", videoCodec: "vp6f", expected: false },
  ])("passthrough for $name", ({ videoCodec, expected }) => {
    const ladder = selectLadder({ ...hd, videoCodec, bitrate: 6_000_000 }, parseLadderConfig({ passthrough: true }));
    expect(ladder.passthrough !== null).toBe(expected);
    if (expected) expect(ladder.passthrough).toEqual({ kind: "passthrough", name: "source", width: 1920, height: 1080, fps: 30, codec: videoCodec, bitrate: 6_000_000 });
  });

  it("drops audio when the source has none or config says so", () => {
    expect(selectLadder({ ...hd, hasAudio: false }, parseLadderConfig()).audio).toBeNull();
    expect(selectLadder(hd, parseLadderConfig({ audio: false })).audio).toBeNull();
  });

  it("caps rung bitrates at the source bitrate", () => {
    const ladder = selectLadder({ ...hd, width: 1280, height: 720, bitrate: 1_000_000 }, parseLadderConfig());
    expect(ladder.video[0]).toMatchObject({ name: "720p", bitrate: 1_000_000 });
    expect(ladder.video.every((r) => r.bitrate <= 1_000_000 && r.maxrate >= r.bitrate)).toBe(true);
  });

  it("raises default rates above 30 fps and derives levels", () => {
    const ladder = selectLadder({ ...hd, fps: 60 }, parseLadderConfig());
    expect(ladder.video[0]).toMatchObject({ name: "1080p", bitrate: 7_500_000, level: "4.2" });
    expect(selectLadder(hd, parseLadderConfig()).video[0]).toMatchObject({ bitrate: 5_000_000, level: "4" });
  });

  it("rejects a source without a picture as media.invalid", () => {
    expect.assertions(1);
    try {
      selectLadder({ ...hd, width: 0 }, parseLadderConfig());
    } catch (error) {
      expect(isTributaryError(error, "media.invalid")).toBe(true);
    }
  });

  it("remuxes only the source when the rung list is empty and passthrough is on", () => {
    const ladder = selectLadder({ width: 1280, height: 720, fps: 30, videoCodec: "h264" }, parseLadderConfig({ rungs: [], passthrough: true }));
    expect(ladder.video).toEqual([]);
    expect(ladder.passthrough?.name).toBe("source");
    expect(() => parseLadderConfig({ rungs: [] })).toThrow(/passthrough/);
  });
});

describe("named profiles", () => {
  const fitted = (profile: LadderProfileName, source: SourceInfo) => {
    const ladder = selectLadder(source, streamLadderConfig(profile, "normal"));
    return { rungs: ladder.video.map((r) => `${r.name}=${r.width}x${r.height}`), passthrough: ladder.passthrough?.name, fps: ladder.fps };
  };

  it("fits every profile to a 1080p60 source", () => {
    const source = { ...hd, fps: 60 };
    expect(fitted("default", source)).toEqual({ rungs: ["1080p=1920x1080", "720p=1280x720", "480p=854x480", "360p=640x360", "240p=426x240"], passthrough: undefined, fps: 60 });
    expect(fitted("passthrough", source)).toEqual({ rungs: [], passthrough: "source", fps: 60 });
    expect(fitted("mobile", source)).toEqual({ rungs: ["720p=1280x720", "480p=854x480", "360p=640x360", "240p=426x240"], passthrough: undefined, fps: 30 });
    expect(fitted("premium-1080p", source)).toEqual({ rungs: ["1080p=1920x1080", "720p=1280x720", "480p=854x480", "360p=640x360"], passthrough: "source", fps: 60 });
  });

  it("never upscales a 720p source in any profile", () => {
    const source = { ...hd, width: 1280, height: 720 };
    for (const profile of LADDER_PROFILE_NAMES) for (const rung of selectLadder(source, streamLadderConfig(profile, "low")).video) expect(rung.height).toBeLessThanOrEqual(720);
    expect(fitted("premium-1080p", source).rungs).toEqual(["720p=1280x720", "480p=854x480", "360p=640x360"]);
  });
});
