// Golden files: each case's whole expected MPD lives in fixtures/<case>/expected.mpd.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ByteWriter } from "#core/bytes/byte-writer.ts";
import { writePssh } from "../boxes/pssh.ts";
import { contentProtection } from "./content-protection.ts";
import { writeMpd } from "./mpd.ts";
import { timelineRuns } from "./segment-timeline.ts";
import type { DashMpd } from "./types.ts";

const golden = (name: string) => readFileSync(new URL(`./fixtures/${name}/expected.mpd`, import.meta.url), "utf8");

const live: DashMpd = {
  type: "dynamic",
  availabilityStartTime: new Date(Date.UTC(2026, 0, 1)),
  publishTime: new Date(Date.UTC(2026, 0, 1, 0, 0, 10)),
  minBufferTime: 2,
  minimumUpdatePeriod: 2,
  timeShiftBufferDepth: 60,
  suggestedPresentationDelay: 6,
  utcTiming: { schemeIdUri: "urn:mpeg:dash:utc:http-iso:2014", value: "https://time.example/now" },
  media: "$RepresentationID$/$Number$.m4s",
  initialization: "$RepresentationID$/init.mp4",
  periods: [{ id: "0", start: 0, adaptationSets: [
    { id: 0, contentType: "video", mimeType: "video/mp4", representations: [{ id: "720p", bandwidth: 3_000_000, codecs: "avc1.64001f", width: 1280, height: 720, frameRate: 30, timescale: 15360, startNumber: 3, segments: [{ t: 92160, d: 30720 }, { t: 122880, d: 30720 }, { t: 153600, d: 30720 }] }] },
    { id: 1, contentType: "audio", mimeType: "audio/mp4", lang: "und", representations: [{ id: "audio", bandwidth: 64_000, codecs: "mp4a.40.2", audioSamplingRate: 48000, channels: 2, timescale: 48000, startNumber: 3, segments: [{ t: 294912, d: 98304 }, { t: 393216, d: 94208 }, { t: 487424, d: 98304 }] }] },
  ] }],
};

const ended: DashMpd = { ...live, type: "static", availabilityStartTime: undefined, mediaPresentationDuration: 6.144, utcTiming: undefined };
delete ended.availabilityStartTime;
delete ended.utcTiming;

// LL-DASH: number-based template (no timeline), chunks offered 1.8 s before a 2 s segment ends.
const lowLatency: DashMpd = {
  ...live,
  minBufferTime: 0.5,
  lowLatency: { availabilityTimeOffset: 1.8, targetLatency: 1.5, minLatency: 0.75, maxLatency: 6, playbackRate: { min: 0.96, max: 1.04 } },
  periods: live.periods.map((period) => ({ ...period, adaptationSets: period.adaptationSets.map((set) => ({ ...set, representations: set.representations.map((r) => ({ ...r, segments: [], duration: 2 * r.timescale, presentationTimeOffset: 3 * 2 * r.timescale })) })) })),
};

// cenc with the ClearKey license URL and a Widevine pssh from a key provider, on every AdaptationSet.
const widevine = new ByteWriter();
writePssh(widevine, { version: 0, SystemID: Uint8Array.from(Buffer.from("edef8ba979d64acea3c827dcd51d21ed", "hex")), KID: [], Data: Uint8Array.from([0x12, 0x10, 0xab, 0xcd]) });
const protection = contentProtection({ scheme: "cenc", kid: Uint8Array.from(Buffer.from("a7e61c373e219033c21091fa607bf3b8", "hex")), clearKeyLicenseUrl: "https://edge.example/k/TOKEN/m1/a7e61c373e219033c21091fa607bf3b8?a=1&b=2", pssh: [widevine.finish()] });
const encrypted: DashMpd = { ...ended, periods: ended.periods.map((p) => ({ ...p, adaptationSets: p.adaptationSets.map((set) => ({ ...set, contentProtection: protection })) })) };

describe("MPD writer", () => {
  it("writes ContentProtection descriptors and their namespaces", () => expect(writeMpd(encrypted)).toBe(golden("protected")));
  it("writes a low-latency dynamic MPD", () => expect(writeMpd(lowLatency)).toBe(golden("live-low-latency")));
  it("writes a dynamic MPD", () => expect(writeMpd(live)).toBe(golden("live")));
  it("writes a static MPD", () => expect(writeMpd(ended)).toBe(golden("static")));
  it("folds equal contiguous durations into runs and marks gaps with t", () => {
    expect(timelineRuns([{ t: 0, d: 2 }, { t: 2, d: 2 }, { t: 4, d: 1 }, { t: 10, d: 1 }])).toEqual([{ t: 0, d: 2, r: 1 }, { d: 1, r: 0 }, { t: 10, d: 1, r: 0 }]);
  });
});
