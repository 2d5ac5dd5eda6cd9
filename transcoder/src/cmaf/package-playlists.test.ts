// The storage media playlists and MPD as the package writer stores them: a recording (EVENT, then VOD)
// and a live window across a source change that brings a new video header (RFC 8216bis §6.2.2, ISO/IEC
// 23009-1 §5.3.2). Golden files (fixtures/<case>/expected.*), compared whole.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import type { TrackInfo } from "../codecs/track-info.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { storedText } from "#core/testing/stored-objects.ts";
import { PackageWriter } from "./package-writer.ts";
import type { PackageWriterOptions } from "./package-writer.ts";
import type { CmafSegment } from "./types.ts";

const golden = (name: string, file: string) => readFileSync(new URL(`./fixtures/${name}/${file}`, import.meta.url), "utf8");

const VIDEO: TrackInfo = { track_ID: 1, kind: "video", codec: "avc1.64001f", timescale: 90_000, width: 1280, height: 720, default_sample_duration: 3000, default_sample_flags: 0 };
const VIDEO_1080: TrackInfo = { ...VIDEO, codec: "avc1.640028", width: 1920, height: 1080 };
const AUDIO: TrackInfo = { track_ID: 2, kind: "audio", codec: "mp4a.40.2", timescale: 48_000, sampleRate: 48_000, channels: 2, default_sample_duration: 1024, default_sample_flags: 0 };

/** Segment `n` of 2 s (the last of the first source is 1.5 s); the source changes at `changeAt`. */
function segment(track: TrackInfo, n: number, changeAt: number, bump: boolean): CmafSegment {
  const ts = track.timescale;
  const start = n < changeAt ? 2 * n * ts : (2 * (changeAt - 1) + 1.5 + 2 * (n - changeAt)) * ts;
  const duration = n === changeAt - 1 ? 1.5 * ts : 2 * ts;
  return { sequence: n, decodeTime: start, duration, timescale: ts, parts: [], bytes: new Uint8Array(100 + n), discontinuity: n === changeAt, initVersion: bump && n >= changeAt ? 1 : 0 };
}

async function store(options: Partial<PackageWriterOptions>, count: number, finish: boolean): Promise<MemoryObjectStore> {
  const clock = new ManualClock();
  const memory = new MemoryObjectStore({ clock });
  const writer = new PackageWriter({ store: memory, mediaId: "m1", clock, targetDuration: 2, renditions: [{ name: "720p", kind: "video", bandwidth: 3_000_000, frameRate: 30 }, { name: "audio", kind: "audio", bandwidth: 128_000 }], ...options });
  await writer.handle("720p", { type: "init", init: { bytes: new Uint8Array([1]), track: VIDEO, version: 0 } });
  await writer.handle("audio", { type: "init", init: { bytes: new Uint8Array([2]), track: AUDIO, version: 0 } });
  for (let n = 0; n < count; n++) {
    clock.advance(2000);
    if (n === 3) await writer.handle("720p", { type: "init", init: { bytes: new Uint8Array([3]), track: VIDEO_1080, version: 1 } });
    await writer.handle("720p", { type: "segment", segment: segment(VIDEO, n, 3, true) });
    await writer.handle("audio", { type: "segment", segment: segment(AUDIO, n, 3, false) });
  }
  if (finish) await writer.finish();
  return memory;
}

const text = async (memory: MemoryObjectStore, key: string) => (await storedText(memory, `media/m1/${key}`)) ?? "";

const cases: { name: string; options: Partial<PackageWriterOptions>; count: number; finish: boolean; files: Record<string, string> }[] = [
  { name: "store-event", options: {}, count: 5, finish: false, files: { "720p/index.m3u8": "video.m3u8", "audio/index.m3u8": "audio.m3u8", "manifest.mpd": "expected.mpd" } },
  { name: "store-vod", options: {}, count: 6, finish: true, files: { "720p/index.m3u8": "video.m3u8", "manifest.mpd": "expected.mpd" } },
  { name: "store-window", options: { windowSize: 3, dvrWindowSegments: 5 }, count: 8, finish: false, files: { "720p/index.m3u8": "video.m3u8", "720p/dvr.m3u8": "video-dvr.m3u8", "audio/index.m3u8": "audio.m3u8", "manifest.mpd": "expected.mpd" } },
  { name: "store-window-ended", options: { windowSize: 3, dvrWindowSegments: 5 }, count: 8, finish: true, files: { "720p/index.m3u8": "video.m3u8", "720p/dvr.m3u8": "video-dvr.m3u8", "manifest.mpd": "expected.mpd" } },
];

describe("stored playlists and MPD (golden files)", () => {
  for (const c of cases) {
    it(`writes the ${c.name} package`, async () => {
      const memory = await store(c.options, c.count, c.finish);
      for (const [key, file] of Object.entries(c.files)) expect(await text(memory, key), `${c.name}/${file}`).toBe(golden(c.name, file));
    });
  }
});
