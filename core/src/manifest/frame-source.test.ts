import { describe, expect, it } from "vitest";
import { segmentTimeline, variantForWidth, variantPictures } from "./frame-source.ts";

const multivariant = [
  "#EXTM3U",
  '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="audio",URI="audio/index.m3u8"',
  '#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720,AUDIO="aac"',
  "720p/index.m3u8",
  '#EXT-X-STREAM-INF:BANDWIDTH=600000,RESOLUTION=640x360,AUDIO="aac"',
  "360p/index.m3u8",
  "",
].join("\n");

const media = ["#EXTM3U", "#EXT-X-TARGETDURATION:2", '#EXT-X-MAP:URI="init.mp4"', "#EXTINF:2.00000,", "0.m4s", "#EXTINF:2.00000,", "1.m4s", "#EXTINF:1.50000,", "2.m4s", "#EXT-X-ENDLIST", ""].join("\n");

describe("frame source", () => {
  it("lists the video variants and picks the narrowest wide enough, else the widest", () => {
    const variants = variantPictures(multivariant);
    expect(variants).toEqual([{ rendition: "720p", width: 1280 }, { rendition: "360p", width: 640 }]);
    expect(variantForWidth(variants, 320)?.rendition).toBe("360p");
    expect(variantForWidth(variants, 641)?.rendition).toBe("720p");
    expect(variantForWidth(variants, 1920)?.rendition).toBe("720p");
    expect(variantForWidth([], 320)).toBeUndefined();
  });

  it("finds the segment holding t and the offset inside it, and nothing past the end", () => {
    const timeline = segmentTimeline(media);
    expect(timeline.durationSeconds).toBe(5.5);
    expect(timeline.at(0)).toEqual({ init: "init.mp4", segment: "0.m4s", offsetSeconds: 0 });
    expect(timeline.at(2)).toEqual({ init: "init.mp4", segment: "1.m4s", offsetSeconds: 0 });
    expect(timeline.at(5)).toEqual({ init: "init.mp4", segment: "2.m4s", offsetSeconds: 1 });
    expect(timeline.at(5.5)).toBeUndefined();
    expect(timeline.at(-1)).toBeUndefined();
  });
});
