// Identical relay requests in flight share one; parts and blocking reloads are kept after their answer, plain playlists are not.
import { describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import type { RelayAnswer } from "./relay-answer.ts";
import { RelayCoalescer } from "./relay-coalescer.ts";

const answer = (status: number, text: string): RelayAnswer => ({ status, contentType: "text/plain", body: new TextEncoder().encode(text) });

/** A relay whose answers arrive when the test releases them, counting the requests it gets. */
class HeldRelay {
  requests = 0;
  readonly #held: ((answer: RelayAnswer) => void)[] = [];
  load = (): Promise<RelayAnswer> => {
    this.requests++;
    return new Promise((resolve) => this.#held.push(resolve));
  };
  release(value: RelayAnswer): void {
    for (const resolve of this.#held.splice(0)) resolve(value);
  }
}

const BLOCKING = "http://relay/media/m1/source/index.m3u8?_HLS_msn=4&_HLS_part=2";
const PART = "http://relay/media/m1/source/4.2.m4s";

describe("RelayCoalescer", () => {
  it("sends one blocking reload for every viewer waiting on the same part, kept briefly for those a moment behind", async () => {
    const relay = new HeldRelay();
    const clock = new ManualClock();
    const coalescer = new RelayCoalescer({ clock, keepReloadsMs: 1_000 });
    const waiting = Array.from({ length: 50 }, () => coalescer.get(BLOCKING, "blocking-reload", relay.load));
    expect(relay.requests).toBe(1);
    const playlist = answer(200, "#EXTM3U");
    relay.release(playlist);
    for (const answered of await Promise.all(waiting)) expect(answered).toBe(playlist);
    expect(coalescer.inFlight).toBe(0);
    clock.advance(999);
    expect(await coalescer.get(BLOCKING, "blocking-reload", relay.load)).toBe(playlist);
    expect(relay.requests).toBe(1);
    clock.advance(2);
    void coalescer.get(BLOCKING, "blocking-reload", relay.load);
    expect(relay.requests).toBe(2);
  });

  it("shares a plain playlist request only while it is in flight", async () => {
    const relay = new HeldRelay();
    const coalescer = new RelayCoalescer({ clock: new ManualClock() });
    const plain = "http://relay/media/m1/source/index.m3u8";
    const both = [coalescer.get(plain, "playlist", relay.load), coalescer.get(plain, "playlist", relay.load)];
    relay.release(answer(200, "#EXTM3U"));
    await Promise.all(both);
    void coalescer.get(plain, "playlist", relay.load);
    expect(relay.requests).toBe(2);
  });

  it("keeps a part answered 200 until keepPartsMs, for viewers asking after the answer came back", async () => {
    const relay = new HeldRelay();
    const clock = new ManualClock();
    const coalescer = new RelayCoalescer({ clock, keepPartsMs: 5_000 });
    const hint = coalescer.get(PART, "part", relay.load);
    const listed = coalescer.get(PART, "part", relay.load);
    relay.release(answer(200, "part"));
    expect(await listed).toBe(await hint);
    expect(await coalescer.get(PART, "part", relay.load)).toBe(await hint);
    expect(relay.requests).toBe(1);
    clock.advance(5_001);
    void coalescer.get(PART, "part", relay.load);
    expect(relay.requests).toBe(2);
  });

  it("keeps neither answers other than 200 nor failures, and drops the oldest part beyond maxParts", async () => {
    const relay = new HeldRelay();
    const coalescer = new RelayCoalescer({ clock: new ManualClock(), maxKept: 1 });
    const missing = coalescer.get(PART, "part", relay.load);
    relay.release(answer(404, "no"));
    expect((await missing).status).toBe(404);
    let failures = 0;
    const failing = () => {
      failures++;
      return Promise.reject(new TributaryError("origin.failed", "relay unreachable"));
    };
    await expect(coalescer.get(PART, "part", failing)).rejects.toThrow("relay unreachable");
    await expect(coalescer.get(PART, "part", failing)).rejects.toThrow("relay unreachable");
    expect(failures).toBe(2);

    const first = coalescer.get("http://relay/media/m1/source/5.0.m4s", "part", relay.load);
    relay.release(answer(200, "a"));
    await first;
    const second = coalescer.get("http://relay/media/m1/source/5.1.m4s", "part", relay.load);
    relay.release(answer(200, "b"));
    await second;
    const before = relay.requests;
    void coalescer.get("http://relay/media/m1/source/5.1.m4s", "part", relay.load);
    void coalescer.get("http://relay/media/m1/source/5.0.m4s", "part", relay.load);
    expect(relay.requests - before).toBe(1);
  });
});
