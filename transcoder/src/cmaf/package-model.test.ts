// The storage MPD across a source change (ISO/IEC 23009-1 §5.3.2): the returning publisher's new video
// header opens Period "1" whose template names init-1.mp4; audio, whose header did not change, keeps
// init.mp4. Golden files (fixtures/<case>/expected.mpd), compared whole.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { serializeMpd } from "../playlist/mpd-serializer.ts";
import type { TrackInfo } from "../codecs/track-info.ts";
import { mpdPlan } from "./package-model.ts";
import type { PackageView, PackagedSegment, RenditionState } from "./package-model.ts";

const golden = (name: string) => readFileSync(new URL(`./fixtures/${name}/expected.mpd`, import.meta.url), "utf8");

const VIDEO: TrackInfo = { track_ID: 1, kind: "video", codec: "avc1.64001f", timescale: 15360, width: 1280, height: 720, default_sample_duration: 512, default_sample_flags: 0 };
const VIDEO_1080: TrackInfo = { ...VIDEO, codec: "avc1.640028", width: 1920, height: 1080 };
const AUDIO: TrackInfo = { track_ID: 1, kind: "audio", codec: "mp4a.40.2", timescale: 48000, sampleRate: 48000, channels: 2, default_sample_duration: 1024, default_sample_flags: 0 };

/** `count` segments of `ticks` each from sequence 0; the source changes before `changeAt` (new header when `bump`). */
function segments(timescale: number, ticks: readonly number[], changeAt: number, bump: boolean): PackagedSegment[] {
  let decodeTime = 0;
  return ticks.map((duration, sequence) => {
    const s = { sequence, decodeTime, duration, timescale, size: duration, discontinuity: sequence === changeAt, initVersion: bump && sequence >= changeAt ? 1 : 0, programDateTime: new Date(Date.UTC(2026, 0, 1) + (decodeTime * 1000) / timescale) };
    decodeTime += duration;
    return s;
  });
}

function view(options: { ended: boolean; windowSize: number | undefined; audioHeaderChanges?: boolean }): PackageView {
  const video: RenditionState = {
    config: { name: "720p", kind: "video", bandwidth: 3_000_000, frameRate: 30 },
    inits: [{ bytes: new Uint8Array(), track: VIDEO, version: 0 }, { bytes: new Uint8Array(), track: VIDEO_1080, version: 1 }],
    // The first source ends on a short segment (the publisher dropped 1.5 s into segment 2).
    segments: segments(15360, [30720, 30720, 23040, 30720, 30720, 30720], 3, true),
  };
  const audioBump = options.audioHeaderChanges === true;
  const audio: RenditionState = {
    config: { name: "audio", kind: "audio", bandwidth: 64_000 },
    inits: audioBump ? [{ bytes: new Uint8Array(), track: AUDIO, version: 0 }, { bytes: new Uint8Array(), track: AUDIO, version: 1 }] : [{ bytes: new Uint8Array(), track: AUDIO, version: 0 }],
    segments: segments(48000, [96256, 95232, 73728, 96256, 95232, 96256], 3, audioBump),
  };
  return { renditions: [video, audio], windowSize: options.windowSize, targetDuration: 2, ended: options.ended, anchorMs: Date.UTC(2026, 0, 1), now: new Date(Date.UTC(2026, 0, 1, 0, 0, 12)) };
}

const periodTags = (mpd: string) => [...mpd.matchAll(/<Period [^>]*>/g)].map((m) => m[0]);

describe("storage MPD Periods", () => {
  it("opens a Period at the new header, live with a sliding window (golden file)", () => {
    expect(serializeMpd(mpdPlan(view({ ended: false, windowSize: 4 })))).toBe(golden("multi-period-live"));
  });

  it("keeps every Period once ended, as a static MPD (golden file)", () => {
    expect(serializeMpd(mpdPlan(view({ ended: true, windowSize: 4 })))).toBe(golden("multi-period-static"));
  });

  it("drops a Period once none of its segments is listed, keeping the later one's id and start", () => {
    expect(periodTags(serializeMpd(mpdPlan(view({ ended: false, windowSize: 3 }))))).toEqual(['<Period id="1" start="PT5.5S">']);
  });

  it("opens one Period when every rendition brings a new header at the same source change", () => {
    const mpd = serializeMpd(mpdPlan(view({ ended: true, windowSize: undefined, audioHeaderChanges: true })));
    expect(periodTags(mpd)).toEqual(['<Period id="0" start="PT0S">', '<Period id="1" start="PT5.5S">']);
    expect(mpd.match(/init-1\.mp4/g)?.length).toBe(2);
  });
});
