// The edge's followed playlists: one blocking reload per playlist keeps the copy current, viewers'
// plain polls are answered from it, LL-HLS and ended playlists are not followed, idle ones are dropped.
import { describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import type { LiveOrigin } from "#core/records/schemas.ts";
import { nextSegment, PlaylistFollower } from "./playlist-follower.ts";
import type { RelayAnswer } from "./relay-answer.ts";

const POINTER = { originUrl: "http://127.0.0.1:1", mediaId: "m1" } as LiveOrigin;
const encoder = new TextEncoder();

/** A relay's playlist that grows when the test says so; blocking requests wait for their segment. */
class ScriptedRelay {
  segments = 1;
  ended = false;
  requests: string[] = [];
  readonly #waiting: { msn: number; resolve: (answer: RelayAnswer) => void }[] = [];

  playlist(): string {
    const lines = ["#EXTM3U", "#EXT-X-TARGETDURATION:2", "#EXT-X-MEDIA-SEQUENCE:0"];
    for (let i = 0; i < this.segments; i++) lines.push("#EXTINF:2.000,", `${i}.m4s`);
    if (this.ended) lines.push("#EXT-X-ENDLIST");
    return `${lines.join("\n")}\n`;
  }

  answer(): RelayAnswer {
    return { status: 200, contentType: "application/vnd.apple.mpegurl", body: encoder.encode(this.playlist()) };
  }

  fetch = (_pointer: LiveOrigin, _path: string, query: URLSearchParams): Promise<RelayAnswer> => {
    const msn = query.get("_HLS_msn");
    this.requests.push(msn === null ? "plain" : `msn=${msn}`);
    if (msn === null || Number(msn) < this.segments || this.ended) return Promise.resolve(this.answer());
    return new Promise((resolve) => this.#waiting.push({ msn: Number(msn), resolve }));
  };

  add(): void {
    this.segments++;
    this.#release();
  }

  end(): void {
    this.ended = true;
    this.#release();
  }

  #release(): void {
    for (const w of this.#waiting.splice(0)) w.resolve(this.answer());
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const text = (answer: RelayAnswer) => new TextDecoder().decode(answer.body);

describe("PlaylistFollower", () => {
  it("answers polls from the followed copy and replaces it the moment the relay lists the next segment", async () => {
    const relay = new ScriptedRelay();
    const follower = new PlaylistFollower({ fetch: relay.fetch, clock: new ManualClock() });
    expect(text(await follower.get(POINTER, "source/index.m3u8"))).toContain("0.m4s");
    await settle();
    for (let i = 0; i < 5; i++) await follower.get(POINTER, "source/index.m3u8");
    // One plain fetch, then one blocking reload open for segment 1; the five polls cost nothing.
    expect(relay.requests).toEqual(["plain", "msn=1"]);
    relay.add();
    await settle();
    expect(text(await follower.get(POINTER, "source/index.m3u8"))).toContain("1.m4s");
    expect(relay.requests).toEqual(["plain", "msn=1", "msn=2"]);
    relay.end();
    await settle();
    expect(text(await follower.get(POINTER, "source/index.m3u8"))).toContain("#EXT-X-ENDLIST");
    expect(follower.size).toBe(0);
  });

  it("stops following a playlist nobody asks for", async () => {
    const relay = new ScriptedRelay();
    const clock = new ManualClock();
    const follower = new PlaylistFollower({ fetch: relay.fetch, clock, idleMs: 5_000 });
    await follower.get(POINTER, "source/index.m3u8");
    await settle();
    clock.advance(6_000);
    relay.add();
    await settle();
    expect(follower.size).toBe(0);
    await follower.get(POINTER, "source/index.m3u8");
    expect(relay.requests.filter((r) => r === "plain")).toHaveLength(2);
  });

  it("does not follow LL-HLS or ended playlists, and drops a playlist whose relay fails", async () => {
    expect(nextSegment("#EXTM3U\n#EXT-X-PART-INF:PART-TARGET=0.5\n#EXT-X-MEDIA-SEQUENCE:3\n#EXTINF:2,\n3.m4s\n")).toBeUndefined();
    expect(nextSegment("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:3\n#EXTINF:2,\n3.m4s\n#EXT-X-ENDLIST\n")).toBeUndefined();
    expect(nextSegment("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:3\n#EXTINF:2,\n3.m4s\n#EXTINF:2,\n4.m4s\n")).toBe(5);
    let calls = 0;
    const failing = new PlaylistFollower({
      clock: new ManualClock(),
      fetch: async (_pointer, _path, query) => {
        calls++;
        if (query.has("_HLS_msn")) throw new TributaryError("origin.failed", "relay unreachable");
        return { status: 200, contentType: undefined, body: encoder.encode("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:2,\n0.m4s\n") };
      },
    });
    await failing.get(POINTER, "source/index.m3u8");
    await settle();
    expect(failing.size).toBe(0);
    await failing.get(POINTER, "source/index.m3u8");
    expect(calls).toBeGreaterThanOrEqual(3);
  });
});
