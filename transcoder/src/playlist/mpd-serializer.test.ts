// One pair of rendition plans across a source change that brings a new video header, rendered with each
// addressing (ISO/IEC 23009-1 §5.3.9.4 SegmentTimeline, §5.3.9.5.3 $Number$ with @duration). Golden
// files (fixtures/<case>/expected.mpd), compared whole.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { TrackInfo } from "../codecs/track-info.ts";
import { serializeMpd } from "./mpd-serializer.ts";
import type { MpdPlan, MpdRendition } from "./mpd-serializer.ts";
import type { PlanSegment, PlaylistPlan } from "./plan.ts";

const golden = (name: string) => readFileSync(new URL(`./fixtures/${name}/expected.mpd`, import.meta.url), "utf8");

const VIDEO: TrackInfo = { track_ID: 1, kind: "video", codec: "avc1.64001f", timescale: 90_000, width: 1280, height: 720, default_sample_duration: 3000, default_sample_flags: 0 };
const AUDIO: TrackInfo = { track_ID: 2, kind: "audio", codec: "mp4a.40.2", timescale: 48_000, sampleRate: 48_000, channels: 2, default_sample_duration: 1024, default_sample_flags: 0 };

/** Six 2 s segments from `startSeconds`; the source changes at segment 3 (a new header when `bump`). */
function plan(timescale: number, startSeconds: number, bump: boolean, ended: boolean): PlaylistPlan {
  const segments: PlanSegment[] = Array.from({ length: 6 }, (_, n) => ({
    sequence: n, decodeTime: Math.round((startSeconds + 2 * n) * timescale), duration: 2 * timescale, timescale, discontinuity: n === 3,
    initVersion: bump && n >= 3 ? 1 : 0, programDateTime: new Date(Date.UTC(2026, 0, 1) + (startSeconds + 2 * n) * 1000), parts: [],
  }));
  const sources = segments.filter((s, n) => n === 0 || s.discontinuity).map(({ sequence, decodeTime, initVersion }) => ({ sequence, decodeTime, timescale, initVersion }));
  return { targetDuration: 2, mediaSequence: 2, discontinuitySequence: 0, segments: segments.slice(2), sources, endList: ended };
}

function mpd(addressing: MpdPlan["addressing"], ended: boolean): MpdPlan {
  const renditions: MpdRendition[] = [
    { id: "720p", kind: "video", frameRate: 30, bandwidth: 3_000_000, headers: [{ version: 0, track: VIDEO }, { version: 1, track: { ...VIDEO, width: 1920, height: 1080 } }], plan: plan(90_000, 0.04, true, ended) },
    // Audio starts 40 ms before video: presentation time 0 is the earliest start.
    { id: "audio", kind: "audio", bandwidth: 128_000, headers: [{ version: 0, track: AUDIO }], plan: plan(48_000, 0, false, ended) },
  ];
  return { renditions, addressing, targetDuration: 2, anchorMs: Date.UTC(2026, 0, 1), now: new Date(Date.UTC(2026, 0, 1, 0, 0, 12)), timeShiftBufferDepth: 8, ...(addressing === "number" ? { utcTimingUrl: "http://relay.test/time", lowLatency: { partTarget: 0.2, targetLatency: 1 } } : {}) };
}

describe("MPD serializer", () => {
  it("addresses stored segments by SegmentTimeline (golden file)", () => expect(serializeMpd(mpd("timeline", false))).toBe(golden("mpd-timeline")));
  it("addresses live segments by $Number$, low latency (golden file)", () => expect(serializeMpd(mpd("number", false))).toBe(golden("mpd-number")));
  it("is static, without low-latency signalling, once every rendition ended", () => {
    const text = serializeMpd(mpd("number", true));
    expect(text).toContain('type="static"');
    expect(text).toContain('mediaPresentationDuration="PT12.04S"');
    expect(text).not.toMatch(/ServiceDescription|availabilityTimeOffset|availabilityStartTime/);
  });
});
