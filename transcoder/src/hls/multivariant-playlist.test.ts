// Golden file: the whole expected multivariant playlist lives in fixtures/multivariant/expected.m3u8.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { writeMultivariantPlaylist } from "./multivariant-playlist.ts";
import type { HlsMultivariantPlaylist } from "./types.ts";

const golden = (name: string) => readFileSync(new URL(`./fixtures/${name}/expected.m3u8`, import.meta.url), "utf8");

const multivariant: HlsMultivariantPlaylist = {
  version: 7,
  independentSegments: true,
  audio: [{ groupId: "audio", name: "default", uri: "audio/index.m3u8", language: "und", default: true, autoselect: true, channels: 2 }],
  variants: [
    { uri: "720p/index.m3u8", bandwidth: 3_064_000, averageBandwidth: 2_864_000, codecs: ["avc1.64001f", "mp4a.40.2"], resolution: { width: 1280, height: 720 }, frameRate: 30, audioGroup: "audio" },
    { uri: "360p/index.m3u8", bandwidth: 864_000, averageBandwidth: 764_000, codecs: ["avc1.4d401e", "mp4a.40.2"], resolution: { width: 640, height: 360 }, frameRate: 29.97, audioGroup: "audio" },
  ],
};

describe("HLS multivariant writer", () => {
  it("writes the multivariant playlist", () => expect(writeMultivariantPlaylist(multivariant)).toBe(golden("multivariant")));
});
