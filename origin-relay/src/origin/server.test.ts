// The live origin over real HTTP on 127.0.0.1: blocking reload, delta updates, parts, chunked segments.
// Time is a ManualClock and deadlines fire from ManualTimers, so nothing here waits on wall time.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import { ManualTimers } from "#core/webhooks/timers.ts";
import { checkLlHls } from "#transcoder/testing/hls-rules/check-ll-hls.ts";
import { LiveMedia, type LiveMediaOptions } from "./live-media.ts";
import { LiveMediaRegistry } from "./registry.ts";
import { createOriginServer } from "./server.ts";
import type { OriginServer } from "./server.ts";
import { RENDITIONS, SyntheticLadder, partBytes } from "./testing/synthetic-ladder.ts";

let server: OriginServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(readStored?: LiveMediaOptions["readStored"]) {
  const clock = new ManualClock();
  const timers = new ManualTimers(clock);
  const media = new LiveMedia({ mediaId: "m1", renditions: RENDITIONS, clock, timers, partTarget: 0.2, targetDuration: 2, lowLatency: true, ...(readStored ? { readStored } : {}) });
  const registry = new LiveMediaRegistry();
  registry.add(media);
  const ladder = new SyntheticLadder(media, clock);
  ladder.segments(8);
  ladder.parts(3); // segments 0..7 whole, 8.0-8.2 pending
  server = await createOriginServer({ registry, clock, host: "127.0.0.1", port: 0, waitPolicy: { maxWaitMs: 6000 } });
  const url = (path: string) => `${server?.url}/media/m1/${path}`;
  return { clock, timers, media, ladder, url };
}

/** Resolves when `n` distinct positions have requests parked on them: the requests reached the server. */
const parked = (media: LiveMedia, n: number) => vi.waitFor(() => expect(media.waitingKeys).toBe(n));
const valid = (text: string) => expect(checkLlHls(text, { renditionReports: 1 })).toEqual([]);

describe("origin server", () => {
  it("answers health, time, and 404 for unknown media", async () => {
    const { url } = await setup();
    expect(await (await fetch(`${server?.url}/healthz`)).text()).toBe("ok");
    expect(await (await fetch(`${server?.url}/time`)).text()).toBe("2026-01-01T00:00:16.600Z") // 83 parts of 0.2 s;
    const unknown = await fetch(`${server?.url}/media/other/360p/index.m3u8`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe("no such live media");
    expect((await fetch(url("1080p/index.m3u8"))).status).toBe(404);
  });

  it("serves master, MPD, playlists uncacheable and media immutable", async () => {
    const { url } = await setup();
    const master = await fetch(url("master.m3u8"));
    expect(master.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
    const mpd = await fetch(url("manifest.mpd"));
    expect(mpd.headers.get("content-type")).toBe("application/dash+xml");
    expect(await mpd.text()).toContain(`value="/time"`);
    const playlist = await fetch(url("360p/index.m3u8"));
    expect(playlist.headers.get("cache-control")).toBe("no-cache, no-store");
    valid(await playlist.text());
    const part = await fetch(url("audio/8.1.m4s"));
    expect(part.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(part.headers.get("content-type")).toBe("audio/mp4");
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(partBytes("audio", 8, 1));
    expect(new Uint8Array(await (await fetch(url("360p/init.mp4"))).arrayBuffer())).toEqual(new Uint8Array([0x69, 0]));
    expect((await fetch(url("360p/init-1.mp4"))).status).toBe(404);
  });

  it("holds _HLS_msn=<next> until that segment is whole", async () => {
    const { media, ladder, url } = await setup();
    let answered = false;
    const pending = fetch(url("360p/index.m3u8?_HLS_msn=8")).then((r) => ((answered = true), r));
    await parked(media, 1);
    ladder.parts(6); // 8.3 .. 8.8: still not whole
    expect(media.waitingKeys).toBe(1);
    await Promise.resolve();
    expect(answered).toBe(false);
    ladder.parts(2); // 8.9, then 9.0 completes segment 8
    const response = await pending;
    expect(response.status).toBe(200);
    const text = await response.text();
    valid(text);
    expect(text).toContain("#EXTINF:2.00000,\n8.m4s\n");
  });

  it("holds _HLS_msn/_HLS_part until that part exists", async () => {
    const { media, ladder, url } = await setup();
    const pending = fetch(url("360p/index.m3u8?_HLS_msn=8&_HLS_part=3"));
    await parked(media, 1);
    ladder.parts(1);
    const text = await (await pending).text();
    valid(text);
    expect(text).toContain('#EXT-X-PART:DURATION=0.20000,URI="8.3.m4s"\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI="8.4.m4s"\n');
  });

  it("answers 400 beyond last + 2 and for malformed directives", async () => {
    const { url } = await setup();
    expect((await fetch(url("360p/index.m3u8?_HLS_msn=11"))).status).toBe(400);
    expect((await fetch(url("360p/index.m3u8?_HLS_part=1"))).status).toBe(400);
    expect((await fetch(url("360p/index.m3u8?_HLS_msn=x"))).status).toBe(400);
  });

  it("answers 503 when the wait runs out", async () => {
    const { media, clock, timers, url } = await setup();
    const pending = fetch(url("360p/index.m3u8?_HLS_msn=10"));
    await parked(media, 1);
    clock.advance(6000);
    timers.runDue();
    const response = await pending;
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(response.headers.get("cache-control")).toBe("no-cache, no-store");
    expect(await response.text()).toBe("the requested position did not appear in time");
  });

  it("answers a failed read of a stored segment with 503, and an unexpected failure with a bare 500", async () => {
    const internals = "GET /srv/store/media/m1/360p/0.m4s: EIO";
    let failure: unknown = new TributaryError("storage.unavailable", internals, { details: { path: "/srv/store" } });
    const { url } = await setup(() => Promise.reject(failure));
    const unavailable = await fetch(url("360p/0.m4s")); // segment 0 has left the memory ring
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get("retry-after")).toBe("1");
    expect(await unavailable.text()).toBe("storage unavailable");
    failure = new Error(internals);
    const broken = await fetch(url("360p/0.m4s"));
    expect(broken.status).toBe(500);
    expect(await broken.text()).not.toContain("/srv");
  });

  it("serves a shorter, valid delta update for _HLS_skip=YES", async () => {
    const { url } = await setup();
    const full = await (await fetch(url("360p/index.m3u8"))).text();
    const delta = await (await fetch(url("360p/index.m3u8?_HLS_skip=YES"))).text();
    valid(delta);
    expect(delta).toContain("#EXT-X-SKIP:SKIPPED-SEGMENTS=2\n");
    expect(delta.length).toBeLessThan(full.length);
  });

  it("wakes many viewers waiting on one part with that one part", async () => {
    const { media, ladder, url } = await setup();
    const viewers = Array.from({ length: 40 }, () => fetch(url("audio/index.m3u8?_HLS_msn=8&_HLS_part=3")).then((r) => r.text()));
    await parked(media, 1);
    ladder.parts(1);
    const texts = await Promise.all(viewers);
    for (const text of texts) expect(text).toContain('URI="8.3.m4s"');
    expect(media.waitingKeys).toBe(0);
  });

  it("holds a preload-hinted part request until the part exists", async () => {
    const { media, ladder, url } = await setup();
    const pending = fetch(url("360p/8.3.m4s"));
    await parked(media, 1);
    ladder.parts(1);
    expect(new Uint8Array(await (await pending).arrayBuffer())).toEqual(partBytes("360p", 8, 3));
    expect((await fetch(url("360p/99.0.m4s"))).status).toBe(404);
  });

  it("streams the in-progress segment with chunked transfer as parts arrive", async () => {
    const { ladder, url } = await setup();
    const response = await fetch(url("360p/8.m4s"));
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const received: number[] = [];
    while (received.length < 3 * 4) received.push(...((await reader.read()).value ?? []));
    expect(received).toEqual([0, 1, 2].flatMap((i) => [...partBytes("360p", 8, i)]));
    ladder.parts(8); // 8.3 .. 8.9 and 9.0, which completes segment 8
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) received.push(...chunk.value);
    expect(received).toEqual(Array.from({ length: 10 }, (_, i) => [...partBytes("360p", 8, i)]).flat());
  });
});
