import { describe, expect, it } from "vitest";
import { isTributaryError } from "../errors.ts";
import { clipOf } from "./clip-range.ts";
import { rewriteHlsPlaylist } from "./hls-rewrite.ts";

const uri = { mediaId: "m1", token: "t", targetToken: "t", directory: "360p/" };
const MEDIA = [
  "#EXTM3U",
  "#EXT-X-VERSION:6",
  "#EXT-X-TARGETDURATION:2",
  "#EXT-X-MEDIA-SEQUENCE:10",
  "#EXT-X-DISCONTINUITY-SEQUENCE:0",
  '#EXT-X-MAP:URI="init.mp4"',
  "#EXTINF:2.00000,",
  "10.m4s",
  "#EXT-X-DISCONTINUITY",
  '#EXT-X-MAP:URI="init-1.mp4"',
  "#EXTINF:2.00000,",
  "11.m4s",
  "#EXTINF:2.00000,",
  "12.m4s",
  "#EXTINF:1.50000,",
  "13.m4s",
  "",
].join("\n");

function clip(text: string, start: number, end: number, carry = false): string {
  return rewriteHlsPlaylist(text, { uri, clip: { range: { start, end }, carry } });
}

describe("instant clips of HLS playlists", () => {
  it("keeps the segments from the one holding the start through the one holding the end, with sequences and header carried", () => {
    expect(clip(MEDIA, 4.5, 5.9)).toBe(
      ["#EXTM3U", "#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-VERSION:6", "#EXT-X-TARGETDURATION:2", "#EXT-X-MEDIA-SEQUENCE:12", "#EXT-X-DISCONTINUITY-SEQUENCE:1", '#EXT-X-MAP:URI="init-1.mp4"', "#EXTINF:2.00000,", "12.m4s", "#EXT-X-ENDLIST", ""].join("\n"),
    );
  });

  it("keeps a segment's own header, ends on a boundary without the next segment, and cuts past the end to the last one", () => {
    const text = clip(MEDIA, 2, 4);
    expect(text.split("\n").filter((l) => l.endsWith(".m4s"))).toEqual(["11.m4s"]);
    expect(text.match(/EXT-X-MAP/g)).toHaveLength(1);
    expect(clip(MEDIA, 6.5, 100).split("\n").filter((l) => l.endsWith(".m4s"))).toEqual(["13.m4s"]);
    expect(clip(MEDIA, 50, 100)).not.toContain(".m4s");
  });

  it("clips a low-latency live playlist to whole segments, without parts or server control", () => {
    const live = ["#EXTM3U", "#EXT-X-TARGETDURATION:2", "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5", "#EXT-X-PART-INF:PART-TARGET=0.5", "#EXT-X-MEDIA-SEQUENCE:0", '#EXT-X-MAP:URI="init.mp4"', "#EXTINF:2.00000,", "0.m4s", '#EXT-X-PART:DURATION=0.5,URI="1.0.m4s"', "#EXTINF:2.00000,", "1.m4s", '#EXT-X-PART:DURATION=0.5,URI="2.0.m4s"', '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="2.1.m4s"', ""].join("\n");
    expect(clip(live, 0, 10)).toBe(["#EXTM3U", "#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-TARGETDURATION:2", "#EXT-X-MEDIA-SEQUENCE:0", '#EXT-X-MAP:URI="init.mp4"', "#EXTINF:2.00000,", "0.m4s", "#EXTINF:2.00000,", "1.m4s", "#EXT-X-ENDLIST", ""].join("\n"));
  });

  it("carries a query clip to every playlist URI of a multivariant playlist", () => {
    const master = ['#EXTM3U', '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="x",URI="audio/index.m3u8"', "#EXT-X-STREAM-INF:BANDWIDTH=1", "360p/index.m3u8", ""].join("\n");
    expect(clip(master, 1, 2.5, true)).toBe(['#EXTM3U', '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="x",URI="audio/index.m3u8?clipStart=1&clipEnd=2.5"', "#EXT-X-STREAM-INF:BANDWIDTH=1", "360p/index.m3u8?clipStart=1&clipEnd=2.5", ""].join("\n"));
    expect(clip(master, 1, 2.5, false)).toBe(master);
  });
});

describe("clipOf", () => {
  const refused = (query: string, claims = {}) => {
    try {
      clipOf(new URLSearchParams(query), claims);
    } catch (error) {
      if (isTributaryError(error, "request.invalid")) return error.details?.["parameter"];
    }
    return undefined;
  };

  it("prefers the token's clip to the query's", () => {
    expect(clipOf(new URLSearchParams("clipStart=1&clipEnd=2"), { clipStart: 5, clipEnd: 9 })).toEqual({ range: { start: 5, end: 9 }, fromQuery: false });
    expect(clipOf(new URLSearchParams("clipStart=1&clipEnd=2.5"), {})).toEqual({ range: { start: 1, end: 2.5 }, fromQuery: true });
    expect(clipOf(new URLSearchParams(""), {})).toBeUndefined();
  });

  it.each([
    ["clipStart=-1&clipEnd=2", "clipStart"],
    ["clipStart=abc&clipEnd=2", "clipStart"],
    ["clipStart=1&clipEnd=Infinity", "clipEnd"],
    ["clipStart=3&clipEnd=2", "clipEnd"],
    ["clipStart=2&clipEnd=2", "clipEnd"],
    ["clipEnd=2", "clipStart"],
    ["clipStart=2", "clipEnd"],
  ])("refuses %s naming %s", (query, parameter) => {
    expect(refused(query)).toBe(parameter);
  });
});
