// Retention without recording: segments that left both the live and the DVR window are deleted from
// the store after RFC 8216bis §6.2.2's grace (own duration + longest playlist), in bounded batches;
// nothing a stored playlist or MPD lists is ever missing, and headers stay.
import { describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import type { TrackInfo } from "../codecs/track-info.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import { storedBytes, storedKeys, storedText } from "#core/testing/stored-objects.ts";
import { PackageWriter } from "./package-writer.ts";
import type { PackageWriterOptions } from "./package-writer.ts";
import type { CmafSegment } from "./types.ts";

const TRACK: TrackInfo = { track_ID: 1, kind: "video", codec: "avc1.64001f", timescale: 1000, width: 1280, height: 720, default_sample_duration: 40, default_sample_flags: 0 };
const PREFIX = "media/m1/720p/";

function segment(sequence: number): CmafSegment {
  return { sequence, decodeTime: sequence * 2000, duration: 2000, timescale: 1000, parts: [], bytes: new Uint8Array([sequence]), discontinuity: false, initVersion: 0 };
}

/** A store that counts deletes in flight at once. */
class CountingStore extends MemoryObjectStore {
  inFlight = 0;
  maxInFlight = 0;
  override async delete(key: string): Promise<void> {
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    await Promise.resolve();
    await super.delete(key);
    this.inFlight--;
  }
}

function setup(options: Partial<PackageWriterOptions>) {
  const store = new CountingStore();
  const clock = new ManualClock();
  const writer = new PackageWriter({ store, mediaId: "m1", clock, targetDuration: 2, renditions: [{ name: "720p", kind: "video", bandwidth: 3_000_000 }], ...options });
  const push = async (from: number, to: number) => {
    for (let n = from; n < to; n++) {
      clock.advance(2000);
      await writer.handle("720p", { type: "segment", segment: segment(n) });
    }
  };
  return { store, clock, writer, push };
}

const text = async (store: ObjectStore, key: string) => (await storedText(store, key)) ?? "";
const storedSegments = async (store: ObjectStore) => (await storedKeys(store, PREFIX)).filter((k) => /^media\/m1\/720p\/\d+\.m4s$/.test(k)).map((k) => Number(k.slice(PREFIX.length, -".m4s".length))).sort((a, b) => a - b);

/** Every segment number any stored manifest lists: the media playlists' URIs and the MPD's timeline. */
async function listed(store: ObjectStore): Promise<number[]> {
  const playlists = await Promise.all(["index.m3u8", "dvr.m3u8"].map((file) => text(store, `${PREFIX}${file}`)));
  const fromPlaylists = playlists.flatMap((playlist) => [...playlist.matchAll(/^(\d+)\.m4s$/gm)].map((m) => Number(m[1])));
  const mpd = await text(store, "media/m1/manifest.mpd");
  const start = Number(/startNumber="(\d+)"/.exec(mpd)?.[1]);
  const count = [...mpd.matchAll(/<S [^>]*?(?:r="(\d+)")?\/>/g)].reduce((n, m) => n + 1 + Number(m[1] ?? 0), 0);
  return [...new Set([...fromPlaylists, ...Array.from({ length: count }, (_, i) => start + i)])].sort((a, b) => a - b);
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe("PackageWriter retention (recording off)", () => {
  it("deletes segments out of both windows once their grace has passed, never a listed one", async () => {
    // Live window 3, DVR window 5: a segment leaves every playlist 5 segments later and may go
    // 2 s + 10 s (the DVR playlist) after that, i.e. when the 11th segment after it arrives.
    const { store, writer, push } = setup({ windowSize: 3, dvrWindowSegments: 5 });
    await writer.handle("720p", { type: "init", init: { bytes: new Uint8Array([1]), track: TRACK, version: 0 } });
    for (let n = 0; n < 20; n++) {
      await push(n, n + 1);
      expect(await storedSegments(store)).toEqual(expect.arrayContaining(await listed(store)));
    }
    expect(await storedSegments(store)).toEqual(range(9, 20));
    await writer.finish();
    // The final playlists list what is kept (the DVR window) and everything older is gone.
    expect(await storedSegments(store)).toEqual(range(15, 20));
    expect(await listed(store)).toEqual(range(15, 20));
    expect(await text(store, `${PREFIX}index.m3u8`)).toContain("#EXT-X-MEDIA-SEQUENCE:15\n");
    expect((await text(store, `${PREFIX}index.m3u8`)).endsWith("#EXT-X-ENDLIST\n")).toBe(true);
    expect(await storedBytes(store, `${PREFIX}init.mp4`)).toEqual(new Uint8Array([1]));
  });

  it("sends deletes in bounded batches", async () => {
    const { store, clock, writer, push } = setup({ windowSize: 2, deleteBatchSize: 3 });
    await writer.handle("720p", { type: "init", init: { bytes: new Uint8Array([1]), track: TRACK, version: 0 } });
    await push(0, 12);
    const before = (await storedSegments(store)).length;
    clock.advance(600_000); // every scheduled delete is due now
    await push(12, 13);
    expect(before + 1 - (await storedSegments(store)).length).toBe(3);
    expect(store.maxInFlight).toBeLessThanOrEqual(3);
    await writer.finish();
    expect(await storedSegments(store)).toEqual([11, 12]);
    expect(store.maxInFlight).toBeLessThanOrEqual(3);
  });

  it("keeps every segment when recording (no live window)", async () => {
    const { store, writer, push } = setup({});
    await writer.handle("720p", { type: "init", init: { bytes: new Uint8Array([1]), track: TRACK, version: 0 } });
    await push(0, 30);
    await writer.finish();
    expect(await storedSegments(store)).toEqual(range(0, 30));
    expect(await text(store, `${PREFIX}index.m3u8`)).toContain("#EXT-X-PLAYLIST-TYPE:VOD\n");
  });
});
