// Golden files: each case's whole expected playlist lives in fixtures/<case>/expected.m3u8; every LL-HLS
// one also passes the LL-HLS rules checker.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkLlHls } from "../testing/hls-rules/check-ll-hls.ts";
import { serializeMediaPlaylist } from "./hls-serializer.ts";
import { holdBacks, targetDurationOf } from "./plan.ts";
import type { PlanKey, PlanLowLatency, PlanPart, PlanSegment, PlaylistPlan } from "./plan.ts";
import { slideWindow } from "./window.ts";

const golden = (name: string) => readFileSync(new URL(`./fixtures/${name}/expected.m3u8`, import.meta.url), "utf8");
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + s * 1000);
/** Segment `n`, `ms` long on a 1 kHz timescale. */
const seg = (n: number, ms = 2000, extra: Partial<PlanSegment> = {}): PlanSegment => ({ sequence: n, decodeTime: n * 2000, duration: ms, timescale: 1000, discontinuity: false, initVersion: 0, programDateTime: at(n * 2), parts: [], ...extra });
/** Ten 0.2 s parts per 2 s segment; the first starts on a keyframe. */
const parts = (n: number, count = 10): PlanPart[] => Array.from({ length: count }, (_, index) => ({ sequence: n, index, duration: 0.2, independent: index === 0 }));

const base: Omit<PlaylistPlan, "segments"> = { targetDuration: 2, mediaSequence: 0, discontinuitySequence: 0, sources: [], endList: false };
const window = slideWindow({ segments: [seg(0), seg(1, 2000, { discontinuity: true }), seg(2), seg(3, 2000, { discontinuity: true, initVersion: 1 }), seg(4, 2000, { initVersion: 1 })], firstSequence: 0, firstDiscontinuitySequence: 0, size: 3 });

const lowLatency: PlanLowLatency = {
  partTarget: 0.222,
  ...holdBacks(2, 0.222),
  pendingParts: parts(8, 3),
  preloadHint: { sequence: 8, index: 3 },
  renditionReports: [{ rendition: "audio", lastMsn: 8, lastPart: 2 }],
  skippedSegments: 0,
};
const live: PlaylistPlan = { ...base, segments: [0, 1, 2, 3, 4, 5, 6, 7].map((n) => seg(n, 2000, n >= 6 ? { parts: parts(n) } : {})), lowLatency };

/** The aes-128 key of period `n` (rotation every 2 segments). */
const aes = (n: number): PlanKey => ({ method: "AES-128", uri: `/k/media1/${String(n).padStart(32, "0")}` });
const rotating = (n: number, extra: Partial<PlanSegment> = {}) => seg(n, 2000, { key: aes(Math.floor(n / 2)), ...extra });

const plain: Record<string, PlaylistPlan> = {
  "event-live": { ...base, playlistType: "EVENT", segments: [seg(0), seg(1), seg(2, 1960)] },
  // 2.6 s rounds to 3: the target rises above the configured 2 (§4.4.3.1).
  "vod-ended": { ...base, playlistType: "VOD", endList: true, segments: [seg(0), seg(1), seg(2, 2600)], targetDuration: targetDurationOf(2, [seg(0), seg(1), seg(2, 2600)]) },
  "sliding-discontinuity": { ...base, mediaSequence: window.mediaSequence, discontinuitySequence: window.discontinuitySequence, segments: window.segments },
  // Headers stay clear: the MAP comes before the first key, and a new header mid-playlist is declared
  // with no key in force (§4.4.4.4); each key period starts with its own EXT-X-KEY.
  "aes-128-rotation": { ...base, playlistType: "VOD", endList: true, segments: [rotating(0), rotating(1), rotating(2), rotating(3, { discontinuity: true, initVersion: 1 }), rotating(4, { initVersion: 1 })] },
};
const ll: Record<string, PlaylistPlan> = {
  "ll-live": live,
  // Delta update (§6.2.5.1): the four segments older than CAN-SKIP-UNTIL are skipped.
  "ll-delta-skip": { ...live, segments: live.segments.slice(4), lowLatency: { ...lowLatency, skippedSegments: 4 } },
  // The pending parts and the preload hint belong to segment 8, the first of a new key period.
  "ll-aes-128-rotation": {
    ...live,
    segments: live.segments.map((s) => ({ ...s, key: aes(Math.floor(s.sequence / 2)) })),
    lowLatency: { ...lowLatency, pendingKey: aes(4) },
  },
  "ll-ended": { ...live, endList: true, segments: [...live.segments, seg(8, 600, { parts: parts(8, 3) })], lowLatency: { ...lowLatency, pendingParts: [] } },
};

describe("HLS media-playlist serializer", () => {
  for (const [name, plan] of Object.entries({ ...plain, ...ll })) it(`writes the ${name} playlist`, () => expect(serializeMediaPlaylist(plan)).toBe(golden(name)));
  for (const name of Object.keys(ll)) it(`${name} passes the LL-HLS rules checker`, () => expect(checkLlHls(golden(name), { renditionReports: 1 })).toEqual([]));
  it("refuses parts in a playlist without PART-TARGET", () => expect(() => serializeMediaPlaylist({ ...base, segments: [seg(0, 2000, { parts: parts(0) })] })).toThrow(TypeError));
});
