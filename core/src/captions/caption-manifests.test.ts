import { describe, expect, it } from "vitest";
import { firstVariantUri, mediaStartSeconds, segmentDurations, withSubtitleRendition, withTextAdaptationSet } from "./caption-manifests.ts";
import { packageCaptions } from "./caption-segments.ts";
import { parseWebVtt } from "./webvtt.ts";

const MASTER = [
  "#EXTM3U",
  "#EXT-X-VERSION:7",
  '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="default",URI="audio/index.m3u8"',
  '#EXT-X-STREAM-INF:BANDWIDTH=471289,CODECS="avc1.4d400d,mp4a.40.2",AUDIO="audio"',
  "360p/index.m3u8",
  '#EXT-X-STREAM-INF:BANDWIDTH=271289,CODECS="avc1.4d400d,mp4a.40.2",AUDIO="audio"',
  "240p/index.m3u8",
  "",
].join("\n");
const EN = { language: "en", label: "English", playlistPath: "captions/en/index.m3u8", filePath: "captions/en/captions.vtt" };

const MPD = `<MPD>
  <Period id="0" start="PT0S">
    <AdaptationSet id="0" contentType="video" mimeType="video/mp4">
      <Representation id="360p"><SegmentTemplate timescale="90000"><SegmentTimeline><S t="180000" d="180000"/></SegmentTimeline></SegmentTemplate></Representation>
    </AdaptationSet>
    <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" lang="und">
    </AdaptationSet>
  </Period>
</MPD>
`;

describe("caption manifests", () => {
  it("adds a SUBTITLES rendition after the last EXT-X-MEDIA and the group on every variant; a second add replaces it", () => {
    const once = withSubtitleRendition(MASTER, EN);
    const twice = withSubtitleRendition(once, { ...EN, label: "English (CC)" });
    expect(twice).toBe(
      [
        "#EXTM3U",
        "#EXT-X-VERSION:7",
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="default",URI="audio/index.m3u8"',
        '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English (CC)",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="captions/en/index.m3u8"',
        '#EXT-X-STREAM-INF:BANDWIDTH=471289,CODECS="avc1.4d400d,mp4a.40.2",AUDIO="audio",SUBTITLES="subs"',
        "360p/index.m3u8",
        '#EXT-X-STREAM-INF:BANDWIDTH=271289,CODECS="avc1.4d400d,mp4a.40.2",AUDIO="audio",SUBTITLES="subs"',
        "240p/index.m3u8",
        "",
      ].join("\n"),
    );
    expect(firstVariantUri(twice)).toBe("360p/index.m3u8");
  });

  it("adds a text/vtt AdaptationSet with the next id to the Period, once per language", () => {
    const out = withTextAdaptationSet(withTextAdaptationSet(MPD, EN), EN);
    expect(out.match(/contentType="text"/g)).toHaveLength(1);
    expect(out).toContain(`    <AdaptationSet id="2" contentType="text" mimeType="text/vtt" lang="en">
      <Label>English</Label>
      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/>
      <Representation id="captions-en" bandwidth="256">
        <BaseURL>captions/en/captions.vtt</BaseURL>
      </Representation>
    </AdaptationSet>
  </Period>`);
    expect(mediaStartSeconds(MPD)).toBe(2);
  });

  it("cuts cues into segments aligned to the media's, a cue over a boundary in both", () => {
    const vtt = parseWebVtt("WEBVTT\n\n00:00.500 --> 00:02.500\nboth\n\n00:03.000 --> 00:03.500\nsecond\n");
    const pack = packageCaptions(vtt, segmentDurations("#EXTM3U\n#EXTINF:2.00000,\n0.m4s\n#EXTINF:1.50000,\n1.m4s\n"), 2);
    expect(pack.segments).toEqual([
      "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:180000,LOCAL:00:00:00.000\n\n00:00.500 --> 00:02.500\nboth\n",
      "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:180000,LOCAL:00:00:00.000\n\n00:00.500 --> 00:02.500\nboth\n\n00:03.000 --> 00:03.500\nsecond\n",
    ]);
    expect(pack.playlist).toBe("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:2.00000,\n0.vtt\n#EXTINF:1.50000,\n1.vtt\n#EXT-X-ENDLIST\n");
  });
});
