// The LiveMedia state machine fed with synthetic parts on a ManualClock; playlists are golden files
// (fixtures/<case>/expected.*, compared whole) and every playlist passes the LL-HLS rules checker.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { ManualTimers } from "#core/webhooks/timers.ts";
import { checkLlHls } from "#transcoder/testing/hls-rules/check-ll-hls.ts";
import { LiveMedia } from "./live-media.ts";
import { choosePartTarget, ladderPartTarget } from "./part-target.ts";
import { lowLatencyLadder } from "./testing/ffmpeg-feed.ts";
import { RENDITIONS, SyntheticLadder, partBytes } from "./testing/synthetic-ladder.ts";

const golden = (name: string, file: string) => readFileSync(new URL(`./fixtures/${name}/${file}`, import.meta.url), "utf8");

function setup() {
  const clock = new ManualClock();
  const timers = new ManualTimers(clock);
  const media = new LiveMedia({ mediaId: "m1", renditions: RENDITIONS, clock, timers, partTarget: 0.2, targetDuration: 2, lowLatency: true });
  const ladder = new SyntheticLadder(media, clock);
  return { clock, timers, media, ladder };
}

const valid = (text: string | undefined) => expect(checkLlHls(text ?? "", { renditionReports: 1 })).toEqual([]);

describe("LiveMedia playlists", () => {
  it("lists nothing before the first whole segment, then a valid LL-HLS playlist", () => {
    const { media, ladder } = setup();
    ladder.parts(9);
    expect(media.mediaPlaylist("360p", { skip: false })).toBeUndefined();
    ladder.parts(4);
    valid(media.mediaPlaylist("360p", { skip: false }));
    expect(media.lastMsn("360p")).toBe(1);
  });

  it("renders the full playlist and a shorter delta update (golden files)", () => {
    const { media, ladder } = setup();
    ladder.segments(9);
    ladder.parts(3);
    const full = media.mediaPlaylist("360p", { skip: false }) ?? "";
    const delta = media.mediaPlaylist("360p", { skip: true }) ?? "";
    expect(full).toBe(golden("live-full", "expected.m3u8"));
    expect(delta).toBe(golden("live-delta", "expected.m3u8"));
    valid(full);
    valid(delta);
    expect(delta.length).toBeLessThan(full.length);
  });

  it("lists a window of whole segments, holds the newest in memory and reads the older ones from the store", async () => {
    const clock = new ManualClock();
    const reads: string[] = [];
    const readStored = (rendition: string, sequence: number) => {
      reads.push(`${rendition}/${sequence}`);
      return Promise.resolve(new Blob([partBytes(rendition, sequence, 0) as Uint8Array<ArrayBuffer>]).stream());
    };
    const media = new LiveMedia({ mediaId: "m1", renditions: RENDITIONS, clock, timers: new ManualTimers(clock), partTarget: 0.2, targetDuration: 2, lowLatency: true, readStored });
    const ladder = new SyntheticLadder(media, clock);
    ladder.segments(25);
    ladder.parts(1);
    const text = media.mediaPlaylist("audio", { skip: false }) ?? "";
    valid(text);
    expect(text).toContain("#EXT-X-MEDIA-SEQUENCE:15\n");
    expect(media.segment("audio", 14)).toBeUndefined();
    // Four target durations (8 s) of bytes stay in memory; older listed segments come from the store.
    expect(media.segment("audio", 21)?.kind).toBe("complete");
    const stored = media.segment("audio", 20);
    expect(stored?.kind).toBe("stored");
    if (stored?.kind === "stored") expect(new Uint8Array(await new Response(await stored.read()).arrayBuffer())).toEqual(partBytes("audio", 20, 0));
    expect(reads).toEqual(["audio/20"]);
    // Parts of segments > 3 target durations behind are gone, newer ones stay.
    expect(media.part("audio", 21, 0)).toBeUndefined();
    expect(media.part("audio", 23, 0)).toEqual(partBytes("audio", 23, 0));
  });

  it("lets a stored segment's bytes go once no listed part needs them, and reads it back from the store", async () => {
    const clock = new ManualClock();
    const readStored = (rendition: string, sequence: number) => Promise.resolve(new Blob([partBytes(rendition, sequence, 0) as Uint8Array<ArrayBuffer>]).stream());
    const make = (lowLatency: boolean) => new LiveMedia({ mediaId: "m1", renditions: RENDITIONS, clock, timers: new ManualTimers(clock), partTarget: 0.2, targetDuration: 2, lowLatency, readStored });
    const normal = make(false);
    // Segment 3 is still being written: 0-2 are whole.
    new SyntheticLadder(normal, clock).segments(4);
    expect(normal.segment("audio", 2)?.kind).toBe("complete");
    normal.stored("audio", 2);
    const read = normal.segment("audio", 2);
    expect(read?.kind).toBe("stored");
    if (read?.kind === "stored") expect(new Uint8Array(await new Response(await read.read()).arrayBuffer())).toEqual(partBytes("audio", 2, 0));
    // Not yet stored: still served from memory.
    expect(normal.segment("audio", 1)?.kind).toBe("complete");

    const low = make(true);
    const ladder = new SyntheticLadder(low, clock);
    ladder.segments(4);
    low.stored("audio", 2);
    // LL-HLS still lists its parts: the bytes they are views into stay.
    expect(low.segment("audio", 2)?.kind).toBe("complete");
    expect(low.part("audio", 2, 0)).toEqual(partBytes("audio", 2, 0));
    ladder.segments(4);
    // Its parts are unlisted three target durations later, and the stored bytes go with them.
    expect(low.part("audio", 2, 0)).toBeUndefined();
    expect(low.segment("audio", 2)?.kind).toBe("stored");
  });

  it("holds a whole segment once: its parts are views into the segment's bytes", () => {
    const { media, ladder } = setup();
    ladder.segments(2);
    ladder.parts(1);
    const whole = media.segment("360p", 0);
    const part = media.part("360p", 0, 1);
    expect(whole?.kind).toBe("complete");
    if (whole?.kind === "complete") expect(part?.buffer).toBe(whole.bytes.buffer);
    expect(part).toEqual(partBytes("360p", 0, 1));
  });

  it("without a store, a listed segment outside the memory ring is not found", () => {
    const { media, ladder } = setup();
    ladder.segments(25);
    ladder.parts(1);
    expect(media.mediaPlaylist("audio", { skip: false })).toContain("#EXT-X-MEDIA-SEQUENCE:15\n");
    expect(media.segment("audio", 20)).toBeUndefined();
    expect(media.segment("audio", 21)?.kind).toBe("complete");
  });

  it("counts discontinuities that slid out of the window", () => {
    const { media, ladder } = setup();
    ladder.segments(2);
    ladder.discontinuity();
    ladder.segments(1); // segment 2 follows a source change
    ladder.parts(1);
    expect(media.mediaPlaylist("360p", { skip: false })).toContain("#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:04.000Z\n");
    ladder.segments(10);
    const text = media.mediaPlaylist("360p", { skip: false }) ?? "";
    valid(text);
    expect(text).toContain("#EXT-X-MEDIA-SEQUENCE:3\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n");
    expect(text).not.toContain("#EXT-X-DISCONTINUITY\n");
  });

  it("offers master.m3u8 only once every rendition lists a whole segment", () => {
    const { media, ladder } = setup();
    ladder.parts(9);
    expect(media.multivariantPlaylist()).toBeUndefined();
    ladder.parts(4);
    expect(media.mediaPlaylist("360p", { skip: false })).toBeDefined();
    expect(media.multivariantPlaylist()).toContain("#EXT-X-STREAM-INF");
  });

  it("renders master.m3u8 and the LL-DASH MPD (golden files)", () => {
    const { media, ladder } = setup();
    ladder.segments(3);
    ladder.parts(2);
    expect(media.multivariantPlaylist()).toBe(golden("live-master", "expected.m3u8"));
    expect(media.mpd("http://relay.test/time")).toBe(golden("live-mpd", "expected.mpd"));
  });

  it("ends with ENDLIST and no preload hint", () => {
    const { media, ladder } = setup();
    ladder.segments(2);
    ladder.parts(4);
    ladder.flush();
    media.end();
    const text = media.mediaPlaylist("360p", { skip: false }) ?? "";
    valid(text);
    expect(text).toContain("#EXT-X-ENDLIST\n");
    expect(text).not.toContain("PRELOAD-HINT");
    expect(media.mpd("http://relay.test/time")).toContain('type="static"');
    expect(media.mpd("http://relay.test/time")).toBe(golden("live-mpd-ended", "expected.mpd"));
  });
});

describe("LiveMedia without low latency", () => {
  it("lists whole segments only, in a plain sliding playlist", () => {
    const clock = new ManualClock();
    const media = new LiveMedia({ mediaId: "m1", renditions: RENDITIONS, clock, partTarget: 0.2, targetDuration: 2, lowLatency: false });
    const ladder = new SyntheticLadder(media, clock);
    ladder.segments(3);
    ladder.parts(2);
    const text = media.mediaPlaylist("360p", { skip: true }) ?? "";
    expect(text.startsWith("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n")).toBe(true);
    expect(text).not.toMatch(/EXT-X-(PART|SKIP|SERVER-CONTROL|PRELOAD-HINT|RENDITION-REPORT)/);
    expect(text.endsWith("#EXTINF:2.00000,\n2.m4s\n")).toBe(true);
    expect(text).toBe(golden("live-plain", "expected.m3u8"));
  });
});

describe("LiveMedia blocking positions", () => {
  it("resolves a part request when that part arrives; a part index past the segment's end means part 0 of the next", async () => {
    const { media, ladder, clock } = setup();
    ladder.segments(1);
    ladder.parts(2);
    const results: string[] = [];
    void media.awaitPlaylist("360p", { msn: 1, part: 3 }, clock.now() + 6000).then((ok) => results.push(`1.3:${ok}`));
    void media.awaitPlaylist("360p", { msn: 1, part: 15 }, clock.now() + 6000).then((ok) => results.push(`1.15:${ok}`));
    void media.awaitPlaylist("360p", { msn: 2 }, clock.now() + 6000).then((ok) => results.push(`2:${ok}`));
    ladder.parts(1);
    await Promise.resolve();
    expect(results).toEqual([]);
    ladder.parts(1);
    await Promise.resolve();
    expect(results).toEqual(["1.3:true"]);
    ladder.parts(7); // 2.0 arrives: segment 1 is whole, so "1.15" is "2.0"
    await Promise.resolve();
    expect(results).toEqual(["1.3:true", "1.15:true"]);
    ladder.parts(10); // 3.0 arrives: segment 2 is whole
    await Promise.resolve();
    expect(results).toEqual(["1.3:true", "1.15:true", "2:true"]);
  });

  it("parks many requests for one position on one key and wakes them with one part", async () => {
    const { media, ladder, clock } = setup();
    ladder.segments(1);
    const waits = Array.from({ length: 500 }, () => media.awaitPlaylist("360p", { msn: 1, part: 1 }, clock.now() + 6000));
    expect(media.waitingKeys).toBe(1);
    ladder.parts(2);
    expect(await Promise.all(waits)).toEqual(waits.map(() => true));
    expect(media.waitingKeys).toBe(0);
  });

  it("answers false at the deadline", async () => {
    const { media, ladder, clock, timers } = setup();
    ladder.segments(1);
    const wait = media.awaitPlaylist("360p", { msn: 2 }, clock.now() + 6000);
    clock.advance(6000);
    expect(timers.runDue()).toBe(1);
    expect(await wait).toBe(false);
    expect(media.waitingKeys).toBe(0);
  });

  it("streams the open segment part by part until it completes", () => {
    const { media, ladder } = setup();
    ladder.segments(1);
    ladder.parts(2);
    const body = media.segment("360p", 1);
    if (body?.kind !== "open") throw new Error("segment 1 should be open");
    const got: string[] = [];
    body.follow({ part: (b) => got.push(Array.from(b).join(",")), end: () => got.push("end") });
    ladder.parts(8);
    expect(got.length).toBe(10);
    ladder.parts(1);
    expect(got.slice(-1)).toEqual(["end"]);
    expect(got.slice(0, 2)).toEqual([partBytes("360p", 1, 0).join(","), partBytes("360p", 1, 1).join(",")]);
  });
});

describe("choosePartTarget", () => {
  it.each([
    { partDuration: 0.2, samples: [1 / 30, 1024 / 48000], target: 0.214 },
    { partDuration: 0.2, samples: [1 / 30], target: 0.2 },
    { partDuration: 1 / 3, samples: [1 / 30, 1024 / 48000], target: 0.342 },
    { partDuration: 0.2, samples: [1001 / 30000], target: 0.201 },
  ])("$partDuration s parts of $samples → $target", ({ partDuration, samples, target }) => expect(choosePartTarget(partDuration, samples)).toBe(target));
  it("fits the low-latency ladder: 0.2 s parts, 30 fps, 48 kHz AAC", () => expect(ladderPartTarget(lowLatencyLadder())).toBe(0.214));
});

describe("LiveMedia of encrypted media", () => {
  const keyTag = (sequence: number) => ({ method: "AES-128" as const, uri: `/k/m1/${String(Math.floor(sequence / 2)).padStart(32, "0")}` });

  function encrypted() {
    const clock = new ManualClock();
    const media = new LiveMedia({ mediaId: "m1", renditions: RENDITIONS, clock, timers: new ManualTimers(clock), partTarget: 0.2, targetDuration: 2, lowLatency: true, protection: { dash: false, keyTag } });
    return { media, ladder: new SyntheticLadder(media, clock) };
  }

  it("has no MPD for aes-128, and never streams a segment still being cut (its parts are encrypted apart)", () => {
    const { media, ladder } = encrypted();
    ladder.segments(2);
    ladder.parts(3);
    expect(media.mpd("/time")).toBeUndefined();
    expect(media.segment("360p", 2)).toBeUndefined();
    expect(media.segment("360p", 1)?.kind).toBe("complete");
  });

  it("names the pending segment's key before its parts and the preload hint", () => {
    const { media, ladder } = encrypted();
    ladder.segments(2);
    ladder.parts(3);
    const text = media.mediaPlaylist("360p", { skip: false }) ?? "";
    valid(text);
    const tail = text.slice(text.lastIndexOf("#EXTINF"));
    expect(tail).toContain(`#EXT-X-KEY:METHOD=AES-128,URI="${keyTag(2).uri}"\n#EXT-X-PART:`);
    expect(tail.indexOf("#EXT-X-KEY")).toBeLessThan(tail.indexOf("#EXT-X-PRELOAD-HINT"));
  });
});
