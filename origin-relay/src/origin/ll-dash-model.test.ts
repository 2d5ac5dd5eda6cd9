// LL-DASH across a source change: a returning publisher's new video header opens a second Period
// (ISO/IEC 23009-1 §5.3.2) whose template names init-1.mp4; the MPD is a golden file, compared whole.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { ManualTimers } from "#core/webhooks/timers.ts";
import { LiveMedia } from "./live-media.ts";
import { RENDITIONS, SyntheticLadder } from "./testing/synthetic-ladder.ts";

const golden = (name: string) => readFileSync(new URL(`./fixtures/${name}/expected.mpd`, import.meta.url), "utf8");
const TIME_URL = "http://relay.test/time";

function setup() {
  const clock = new ManualClock();
  const media = new LiveMedia({ mediaId: "m1", renditions: RENDITIONS, clock, timers: new ManualTimers(clock), partTarget: 0.2, targetDuration: 2, lowLatency: true });
  return { media, ladder: new SyntheticLadder(media, clock) };
}

const periodTags = (mpd: string | undefined) => [...(mpd ?? "").matchAll(/<Period [^>]*>/g)].map((m) => m[0]);

describe("LL-DASH Periods", () => {
  it("opens a Period at a source change that brings a new header (golden file)", () => {
    const { media, ladder } = setup();
    ladder.segments(3);
    ladder.discontinuity(["360p"]);
    ladder.segments(2);
    ladder.parts(2);
    expect(media.mpd(TIME_URL)).toBe(golden("live-mpd-periods"));
    expect(media.init("360p", 1)).toBeDefined();
  });

  it("keeps one Period when the returning source brings the same headers", () => {
    const { media, ladder } = setup();
    ladder.segments(3);
    ladder.discontinuity();
    ladder.segments(2);
    expect(periodTags(media.mpd(TIME_URL))).toEqual(['<Period id="0" start="PT0S">']);
  });

  it("keeps the Period's id and start once the first Period slides out of the window", () => {
    const { media, ladder } = setup();
    ladder.segments(3);
    ladder.discontinuity(["360p"]);
    ladder.segments(2);
    expect(periodTags(media.mpd(TIME_URL))).toEqual(['<Period id="0" start="PT0S">', '<Period id="1" start="PT6S">']);
    ladder.segments(15);
    expect(periodTags(media.mpd(TIME_URL))).toEqual(['<Period id="1" start="PT6S">']);
  });
});
