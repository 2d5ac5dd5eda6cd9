import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { endedMpd, endedPlaylist, listedRenditions, playlistEncryption, playlistSeconds } from "./ended-manifests.ts";

const fixture = (name: string) => readFileSync(new URL(`../../../transcoder/src/cmaf/fixtures/store-event/${name}`, import.meta.url), "utf8");

describe("endedPlaylist", () => {
  it("appends EXT-X-ENDLIST once, dropping hints for media that will never exist", () => {
    const live = `${fixture("video.m3u8")}#EXT-X-PRELOAD-HINT:TYPE=PART,URI="5.0.m4s"\n`;
    const ended = endedPlaylist(live) as string;
    expect(ended.endsWith("4.m4s\n#EXT-X-ENDLIST\n")).toBe(true);
    expect(ended).not.toContain("PRELOAD-HINT");
    expect(endedPlaylist(ended)).toBeUndefined();
    expect(playlistSeconds(ended)).toBe(9.5);
  });
});

describe("playlistEncryption", () => {
  it("reads the scheme from the key tags the packager writes", () => {
    const golden = (name: string) => readFileSync(new URL(`../../../transcoder/src/playlist/fixtures/${name}/expected.m3u8`, import.meta.url), "utf8");
    expect(playlistEncryption(golden("aes-128-rotation"))).toBe("aes-128");
    expect(playlistEncryption(golden("vod-ended"))).toBe("none");
  });
});

describe("listedRenditions", () => {
  it("reads variant streams with their size and rate, and media renditions", () => {
    const master = '#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="audio",URI="audio/index.m3u8"\n#EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1280x720,AUDIO="aud"\n720p/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=1\n../escape/index.m3u8\n';
    expect(listedRenditions(master)).toEqual([
      { name: "audio", width: undefined, height: undefined, bandwidth: undefined, video: false },
      { name: "720p", width: 1280, height: 720, bandwidth: 3_000_000, video: true },
      { name: "360p", width: 640, height: 360, bandwidth: 800_000, video: true },
    ]);
  });
});

describe("endedMpd", () => {
  it("turns the live MPD static with its duration, once", () => {
    const ended = endedMpd(fixture("expected.mpd"), 9.5) as string;
    const root = /<MPD\b[^>]*>/.exec(ended)?.[0] ?? "";
    expect(root).toContain('type="static" mediaPresentationDuration="PT9.500S"');
    expect(root).not.toMatch(/availabilityStartTime|minimumUpdatePeriod|suggestedPresentationDelay/);
    expect(ended.slice(root.length + ended.indexOf(root))).toBe(fixture("expected.mpd").slice(fixture("expected.mpd").indexOf(">", fixture("expected.mpd").indexOf("<MPD")) + 1));
    expect(endedMpd(ended, 9.5)).toBeUndefined();
  });
});
