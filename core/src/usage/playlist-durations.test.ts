import { describe, expect, it } from "vitest";
import { playlistSeconds, renditionTiers, segmentDurations } from "./playlist-durations.ts";

const LL_PLAYLIST = [
  "#EXTM3U",
  "#EXT-X-VERSION:6",
  "#EXT-X-TARGETDURATION:2",
  "#EXT-X-PART-INF:PART-TARGET=0.33367",
  "#EXT-X-MEDIA-SEQUENCE:4",
  '#EXT-X-MAP:URI="init.mp4"',
  "#EXT-X-PROGRAM-DATE-TIME:2026-12-04T05:00:00.000Z",
  '#EXT-X-PART:DURATION=0.33367,URI="4.0.m4s",INDEPENDENT=YES',
  '#EXT-X-PART:DURATION=0.33366,URI="4.1.m4s"',
  "#EXTINF:2.00200,",
  "4.m4s",
  "#EXTINF:1.50000,",
  "5.m4s",
  '#EXT-X-PART:DURATION=0.33367,URI="6.0.m4s",INDEPENDENT=YES',
  '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="6.1.m4s"',
  "",
].join("\n");

describe("segmentDurations", () => {
  it("reads every segment's EXTINF and every part's DURATION by URI, and nothing for a hinted part", () => {
    expect(Object.fromEntries(segmentDurations(LL_PLAYLIST))).toEqual({ "4.0.m4s": 0.33367, "4.1.m4s": 0.33366, "4.m4s": 2.002, "5.m4s": 1.5, "6.0.m4s": 0.33367 });
  });

  it("skips durations that are not decimal numbers", () => {
    expect(segmentDurations("#EXTM3U\n#EXTINF:-1,\na.m4s\n#EXTINF:abc\nb.m4s\n#EXTINF:3,title\nc.m4s\n").size).toBe(1);
  });
});

describe("playlistSeconds", () => {
  it("sums the segments' EXTINF and leaves the parts inside them out", () => {
    expect(playlistSeconds(LL_PLAYLIST)).toBe(3.502);
  });
});

describe("renditionTiers", () => {
  it("maps each variant folder to the tier of its picture's short side", () => {
    const master = [
      "#EXTM3U",
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="audio",URI="audio/index.m3u8"',
      "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,AUDIO=\"aud\"",
      "360p/index.m3u8",
      "#EXT-X-STREAM-INF:BANDWIDTH=5000000,RESOLUTION=1920x1080",
      "1080p/index.m3u8",
      "#EXT-X-STREAM-INF:BANDWIDTH=5000000,RESOLUTION=720x1280",
      "portrait/index.m3u8",
      "#EXT-X-STREAM-INF:BANDWIDTH=20000000,RESOLUTION=3840x2160",
      "2160p/index.m3u8",
    ].join("\n");
    expect(Object.fromEntries(renditionTiers(master))).toEqual({ "360p": "SD", "1080p": "HD", portrait: "HD", "2160p": "UHD" });
  });
});
