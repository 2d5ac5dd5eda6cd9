// Writes sized to the work: at each boundary every segment is stored once, each rendition's playlist
// once, the MPD once (when the last rendition's segment of the boundary arrives), the multivariant
// playlist only when its text changed. A recorded package asks for group durability on every write and
// each boundary is flushed once; a live window that is not recorded is transient.
import { describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import type { ObjectBody, PutOptions } from "#core/storage/object-store.ts";
import type { TrackInfo } from "../codecs/track-info.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { PackageWriter } from "./package-writer.ts";
import type { CmafInit, CmafSegment } from "./types.ts";

const VIDEO: TrackInfo = { track_ID: 1, kind: "video", codec: "avc1.64001f", timescale: 90_000, width: 1280, height: 720, default_sample_duration: 3000, default_sample_flags: 0 };
const AUDIO: TrackInfo = { track_ID: 2, kind: "audio", codec: "mp4a.40.2", timescale: 48_000, sampleRate: 48_000, channels: 2, default_sample_duration: 1024, default_sample_flags: 0 };

/** Records every put (key and durability) and counts flushes. */
class RecordingStore extends MemoryObjectStore {
  readonly puts: { key: string; durability: PutOptions["durability"]; tags: PutOptions["tags"] }[] = [];
  flushes = 0;
  override async put(key: string, body: ObjectBody, options: PutOptions = {}): Promise<{ etag: string }> {
    this.puts.push({ key, durability: options.durability, tags: options.tags });
    return super.put(key, body, options);
  }
  async flush(): Promise<void> {
    this.flushes++;
  }
}

const init = (track: TrackInfo): CmafInit => ({ bytes: new Uint8Array([track.track_ID]), track, version: 0 });
const segment = (track: TrackInfo, sequence: number, size: number): CmafSegment => {
  const duration = 2 * track.timescale;
  return { sequence, decodeTime: sequence * duration, duration, timescale: track.timescale, parts: [], bytes: new Uint8Array(size), discontinuity: false, initVersion: 0 };
};

/** Refuses the first `failures` puts of each key matching `pattern`, as a store answering 503 would. */
class FlakyStore extends MemoryObjectStore {
  readonly #refused = new Map<string, number>();
  readonly #pattern: RegExp;
  readonly #failures: number;
  constructor(pattern: RegExp, failures: number) {
    super();
    this.#pattern = pattern;
    this.#failures = failures;
  }
  override async put(key: string, body: ObjectBody, options: PutOptions = {}): Promise<{ etag: string }> {
    const refused = this.#refused.get(key) ?? 0;
    if (this.#pattern.test(key) && refused < this.#failures) {
      this.#refused.set(key, refused + 1);
      throw new TributaryError("storage.unavailable", "object store put failed with HTTP 503");
    }
    return super.put(key, body, options);
  }
}

describe("PackageWriter writes", () => {
  it("retries a write the store could not take, so the segment is stored and listed", async () => {
    const store = new FlakyStore(/\/0\.m4s$/, 2);
    const retried: [string, number][] = [];
    const writer = new PackageWriter({
      store,
      mediaId: "m1",
      clock: new ManualClock(),
      targetDuration: 2,
      renditions: [{ name: "source", kind: "video", bandwidth: 3_000_000 }],
      writeRetry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 1, wait: () => Promise.resolve() },
      onWriteRetry: (key, _error, attempt) => retried.push([key, attempt]),
    });
    await writer.handle("source", { type: "init", init: init(VIDEO) });
    await writer.handle("source", { type: "segment", segment: segment(VIDEO, 0, 1000) });
    await writer.finish();
    expect(retried).toEqual([["media/m1/source/0.m4s", 1], ["media/m1/source/0.m4s", 2]]);
    expect(await store.head("media/m1/source/0.m4s")).toMatchObject({ size: 1000 });
  });

  it("rejects with the store's error once the retries are spent, never resolving a write that did not land", async () => {
    const store = new FlakyStore(/\/0\.m4s$/, 5);
    const writer = new PackageWriter({
      store,
      mediaId: "m1",
      clock: new ManualClock(),
      renditions: [{ name: "source", kind: "video", bandwidth: 3_000_000 }],
      writeRetry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 1, wait: () => Promise.resolve() },
    });
    await writer.handle("source", { type: "init", init: init(VIDEO) });
    await expect(writer.handle("source", { type: "segment", segment: segment(VIDEO, 0, 1000) })).rejects.toMatchObject({ code: "storage.unavailable" });
  });

  it("asks for group durability when the package is recorded (no live window)", async () => {
    const store = new RecordingStore();
    const writer = new PackageWriter({ store, mediaId: "m1", clock: new ManualClock(), targetDuration: 2, renditions: [{ name: "source", kind: "video", bandwidth: 3_000_000 }] });
    await writer.handle("source", { type: "init", init: init(VIDEO) });
    await writer.handle("source", { type: "segment", segment: segment(VIDEO, 0, 1000) });
    await writer.finish();
    expect(store.puts.length).toBeGreaterThan(2);
    expect(store.puts.every((p) => p.durability === "group")).toBe(true);
    expect(store.flushes).toBeGreaterThanOrEqual(2);
  });

  it("tags every object of a tagged package, and nothing of an untagged one", async () => {
    const tags = { "tributary:kind": "recording" };
    for (const options of [{ tags }, {}]) {
      const store = new RecordingStore();
      const writer = new PackageWriter({ store, mediaId: "m1", clock: new ManualClock(), targetDuration: 2, renditions: [{ name: "source", kind: "video", bandwidth: 3_000_000 }], dvrWindowSegments: 4, ...options });
      await writer.handle("source", { type: "init", init: init(VIDEO) });
      await writer.handle("source", { type: "segment", segment: segment(VIDEO, 0, 1000) });
      await writer.finish();
      expect(store.puts.map((p) => p.key)).toEqual(expect.arrayContaining(["media/m1/source/init.mp4", "media/m1/source/0.m4s", "media/m1/source/index.m3u8", "media/m1/source/dvr.m3u8", "media/m1/master.m3u8", "media/m1/manifest.mpd"]));
      expect(store.puts.every((p) => p.tags === options.tags)).toBe(true);
    }
  });

  it("writes each manifest once per boundary and the master only when it changes", async () => {
    const store = new RecordingStore();
    const clock = new ManualClock();
    const writer = new PackageWriter({
      store,
      mediaId: "m1",
      clock,
      targetDuration: 2,
      windowSize: 6,
      renditions: [
        { name: "source", kind: "video", bandwidth: 3_000_000 },
        { name: "audio", kind: "audio", bandwidth: 128_000 },
      ],
    });
    await writer.handle("source", { type: "init", init: init(VIDEO) });
    await writer.handle("audio", { type: "init", init: init(AUDIO) });
    const boundary = async (n: number, videoBytes: number) => {
      store.puts.length = 0;
      clock.advance(2000);
      await writer.handle("source", { type: "segment", segment: segment(VIDEO, n, videoBytes) });
      await writer.handle("audio", { type: "segment", segment: segment(AUDIO, n, 32_000) });
      return store.puts.map((p) => p.key);
    };

    // The first boundary: the master appears with the measured rates.
    expect(await boundary(0, 750_000)).toEqual([
      "media/m1/source/0.m4s",
      "media/m1/source/index.m3u8",
      "media/m1/audio/0.m4s",
      "media/m1/audio/index.m3u8",
      "media/m1/master.m3u8",
      "media/m1/manifest.mpd",
    ]);
    // Same sizes again: the peak rates did not move, so the master is not rewritten.
    expect(await boundary(1, 750_000)).toEqual(["media/m1/source/1.m4s", "media/m1/source/index.m3u8", "media/m1/audio/1.m4s", "media/m1/audio/index.m3u8", "media/m1/manifest.mpd"]);
    // A larger video segment raises the peak: the master changes and is written once.
    expect(await boundary(2, 900_000)).toContain("media/m1/master.m3u8");
    expect(store.flushes).toBe(3);
    expect(store.puts.every((p) => p.durability === "transient")).toBe(true);

    await writer.finish();
    expect(store.flushes).toBe(4);
  });

  it("does not hold the MPD back for a rendition that stopped", async () => {
    const store = new RecordingStore();
    const clock = new ManualClock();
    const writer = new PackageWriter({ store, mediaId: "m1", clock, targetDuration: 2, renditions: [{ name: "source", kind: "video", bandwidth: 3_000_000 }, { name: "audio", kind: "audio", bandwidth: 128_000 }] });
    await writer.handle("source", { type: "init", init: init(VIDEO) });
    await writer.handle("audio", { type: "init", init: init(AUDIO) });
    await writer.handle("audio", { type: "segment", segment: segment(AUDIO, 0, 32_000) });
    for (let n = 0; n < 3; n++) await writer.handle("source", { type: "segment", segment: segment(VIDEO, n, 500_000) });
    const mpdWrites = store.puts.filter((p) => p.key === "media/m1/manifest.mpd").length;
    // Boundary 0 closes with the video segment; video segment 2 runs two ahead of the stalled audio.
    expect(mpdWrites).toBe(2);
  });
});
