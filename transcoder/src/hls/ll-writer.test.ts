// Golden files: each LL-HLS case's whole expected playlist lives in fixtures/<case>/expected.m3u8.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkLlHls } from "../testing/hls-rules/check-ll-hls.ts";
import { writeLowLatencyMediaPlaylist } from "./ll-media-playlist.ts";
import type { HlsLowLatency, HlsMediaPlaylist, HlsMediaSegment, HlsPart } from "./types.ts";

const golden = (name: string) => readFileSync(new URL(`./fixtures/${name}/expected.m3u8`, import.meta.url), "utf8");
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + s * 1000);
/** Ten 0.2 s parts per 2 s segment; the first starts on a keyframe. */
const parts = (n: number, count = 10): HlsPart[] => Array.from({ length: count }, (_, i) => ({ uri: `${n}.${i}.m4s`, duration: 0.2, ...(i === 0 ? { independent: true } : {}) }));
const seg = (n: number, withParts: boolean): HlsMediaSegment => ({ uri: `${n}.m4s`, duration: 2, programDateTime: at(n * 2), map: { uri: "init.mp4" }, ...(withParts ? { parts: parts(n) } : {}) });

const lowLatency: HlsLowLatency = {
  partTarget: 0.222,
  serverControl: { canBlockReload: true, partHoldBack: 0.666, holdBack: 6, canSkipUntil: 12 },
  pendingParts: parts(8, 3),
  preloadHint: { type: "PART", uri: "8.3.m4s" },
  renditionReports: [{ uri: "../audio/index.m3u8", lastMsn: 8, lastPart: 2 }],
};
const base: HlsMediaPlaylist = {
  version: 6, targetDuration: 2, mediaSequence: 0, discontinuitySequence: 0, independentSegments: true, endList: false,
  segments: [0, 1, 2, 3, 4, 5, 6, 7].map((n) => seg(n, n >= 6)), lowLatency,
};

const cases: Record<string, HlsMediaPlaylist> = {
  "ll-live": base,
  // Delta update (§6.2.5.1): the four segments older than CAN-SKIP-UNTIL are skipped.
  "ll-delta-skip": { ...base, version: 9, mediaSequence: 0, segments: base.segments.slice(4), lowLatency: { ...lowLatency, skippedSegments: 4 } },
  "ll-ended": { ...base, endList: true, segments: [...base.segments, { ...seg(8, true), duration: 0.6, parts: parts(8, 3) }], lowLatency: { ...lowLatency, pendingParts: [], renditionReports: [{ uri: "../audio/index.m3u8", lastMsn: 8, lastPart: 2 }] } },
};

describe("LL-HLS media playlist writer", () => {
  for (const [name, model] of Object.entries(cases)) {
    it(`writes the ${name} playlist`, () => expect(writeLowLatencyMediaPlaylist(model)).toBe(golden(name)));
    it(`${name} passes the LL-HLS rules checker`, () => expect(checkLlHls(golden(name), { renditionReports: 1 })).toEqual([]));
  }
  it("refuses a playlist without PART-TARGET", () => expect(() => writeLowLatencyMediaPlaylist({ ...base, lowLatency: {} })).toThrow(TypeError));
  it("refuses EXT-X-SKIP below version 9", () => expect(() => writeLowLatencyMediaPlaylist({ ...base, lowLatency: { ...lowLatency, skippedSegments: 1 } })).toThrow(TypeError));
});
