// Golden files: each case's whole expected playlist lives in fixtures/<case>/expected.m3u8.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { slideWindow } from "./live-window.ts";
import { writeMediaPlaylist } from "./media-playlist.ts";
import { writeMultivariantPlaylist } from "./multivariant-playlist.ts";
import type { HlsMediaPlaylist, HlsMediaSegment, HlsMultivariantPlaylist } from "./types.ts";

const golden = (name: string) => readFileSync(new URL(`./fixtures/${name}/expected.m3u8`, import.meta.url), "utf8");
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + s * 1000);
const seg = (n: number, duration = 2, extra: Partial<HlsMediaSegment> = {}): HlsMediaSegment => ({ uri: `${n}.m4s`, duration, programDateTime: at(n * 2), map: { uri: "init.mp4" }, ...extra });

const multivariant: HlsMultivariantPlaylist = {
  version: 7,
  independentSegments: true,
  audio: [{ groupId: "audio", name: "default", uri: "audio/index.m3u8", language: "und", default: true, autoselect: true, channels: 2 }],
  variants: [
    { uri: "720p/index.m3u8", bandwidth: 3_064_000, averageBandwidth: 2_864_000, codecs: ["avc1.64001f", "mp4a.40.2"], resolution: { width: 1280, height: 720 }, frameRate: 30, audioGroup: "audio" },
    { uri: "360p/index.m3u8", bandwidth: 864_000, averageBandwidth: 764_000, codecs: ["avc1.4d401e", "mp4a.40.2"], resolution: { width: 640, height: 360 }, frameRate: 29.97, audioGroup: "audio" },
  ],
};

const base: Omit<HlsMediaPlaylist, "segments"> = { version: 7, targetDuration: 2, mediaSequence: 0, discontinuitySequence: 0, independentSegments: true, endList: false };
const window = slideWindow({ segments: [seg(0), seg(1, 2, { discontinuity: true }), seg(2), seg(3, 2, { discontinuity: true, map: { uri: "init-1.mp4" } }), seg(4, 2, { map: { uri: "init-1.mp4" } })], firstSequence: 0, firstDiscontinuitySequence: 0, size: 3 });

const media: Record<string, HlsMediaPlaylist> = {
  "event-live": { ...base, playlistType: "EVENT", segments: [seg(0), seg(1), seg(2, 1.96)] },
  "vod-ended": { ...base, playlistType: "VOD", endList: true, segments: [seg(0), seg(1), seg(2, 2.6)] },
  "sliding-discontinuity": { ...base, mediaSequence: window.mediaSequence, discontinuitySequence: window.discontinuitySequence, segments: window.segments },
};

describe("HLS writers", () => {
  it("writes the multivariant playlist", () => expect(writeMultivariantPlaylist(multivariant)).toBe(golden("multivariant")));
  for (const [name, model] of Object.entries(media)) it(`writes the ${name} media playlist`, () => expect(writeMediaPlaylist(model)).toBe(golden(name)));
  it("refuses LL-HLS fields it does not render", () => expect(() => writeMediaPlaylist({ ...base, segments: [], lowLatency: { partTarget: 0.333 } })).toThrow(TypeError));
});
