// The remuxer on synthetic samples: hold-back, cuts, timestamp repair, configuration changes, and
// output the CMAF segmenter takes unchanged.
import { describe, expect, it } from "vitest";
import { readChildren } from "../boxes/children.ts";
import { parseMoof } from "../boxes/moof.ts";
import type { TrunSample } from "../boxes/trun.ts";
import { CmafSegmenter } from "../cmaf/segmenter.ts";
import { CmafRemuxer } from "./cmaf-remuxer.ts";
import type { RemuxOutput } from "./cmaf-remuxer.ts";
import { NON_SYNC_SAMPLE_FLAGS, SYNC_SAMPLE_FLAGS } from "./media-fragment.ts";
import type { RemuxInput } from "./remux-input.ts";

const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, "").match(/../g) ?? [], (b) => parseInt(b, 16));
/** High profile 3.1, one 4-byte SPS and PPS (not decodable, enough for the header). */
const AVC_RECORD = hex("016400 1fffe1 0004 6764001f 01 0004 68ee3cb0");
/** AAC-LC, 48 kHz, stereo. */
const ASC = hex("1190");

const videoConfig = (record = AVC_RECORD): RemuxInput => ({ kind: "video-config", record, width: 320, height: 180 });
const frame = (dtsMs: number, sync = false, ctsMs = 0): RemuxInput => ({ kind: "video", dtsMs, ctsMs, sync, data: Uint8Array.of(0, 0, 0, 1, sync ? 0x65 : 0x41) });
const aac = (dtsMs: number): RemuxInput => ({ kind: "audio", dtsMs, data: Uint8Array.of(0x21, 0x10) });

interface Chunk {
  track: string;
  type: "init" | "chunk";
  decodeTime?: number | undefined;
  samples?: TrunSample[];
}

function chunks(outputs: RemuxOutput[]): Chunk[] {
  return outputs.map(({ track, bytes }) => {
    const boxes = readChildren(bytes);
    if (boxes[0]?.type === "ftyp") return { track, type: "init" };
    const traf = parseMoof(boxes[0]?.payload ?? new Uint8Array()).traf[0];
    return { track, type: "chunk", decodeTime: traf?.tfdt?.base_media_decode_time, samples: traf?.trun[0]?.samples };
  });
}

function feed(remuxer: CmafRemuxer, inputs: RemuxInput[]): RemuxOutput[] {
  return [...inputs.flatMap((input) => remuxer.push(input)), ...remuxer.flush()];
}

describe("CmafRemuxer", () => {
  it("holds one sample back and cuts before every keyframe, durations from successive DTS", () => {
    const remuxer = new CmafRemuxer({ partDuration: 10, audio: false });
    expect(chunks(remuxer.push(videoConfig()))).toEqual([{ track: "video", type: "init" }]);
    expect(remuxer.push(frame(0, true, 66))).toEqual([]);
    expect(remuxer.push(frame(33, false, 33))).toEqual([]);
    const cut = chunks(remuxer.push(frame(67, true)));
    expect(cut).toEqual([
      {
        track: "video",
        type: "chunk",
        decodeTime: 0,
        samples: [
          { sample_duration: 2970, sample_size: 5, sample_flags: SYNC_SAMPLE_FLAGS, sample_composition_time_offset: 5940 },
          { sample_duration: 3060, sample_size: 5, sample_flags: NON_SYNC_SAMPLE_FLAGS, sample_composition_time_offset: 2970 },
        ],
      },
    ]);
    // The last sample has no successor: it lasts as long as the one before it.
    expect(chunks(remuxer.flush())[0]).toMatchObject({ decodeTime: 6030, samples: [{ sample_duration: 3060 }] });
  });

  it("closes a chunk at the first sample boundary at or after the part duration", () => {
    const remuxer = new CmafRemuxer({ partDuration: 0.1, audio: false });
    const out = chunks(feed(remuxer, [videoConfig(), ...[0, 40, 80, 120, 160, 200, 240].map((t, i) => frame(t, i === 0))]));
    expect(out.filter((c) => c.type === "chunk").map((c) => [c.decodeTime, c.samples?.length])).toEqual([[0, 3], [10800, 3], [21600, 1]]);
  });

  it("rebases a timestamp jump, clamps a small step back, and counts both", () => {
    const remuxer = new CmafRemuxer({ partDuration: 10, audio: false });
    const out = chunks(feed(remuxer, [videoConfig(), frame(0, true), frame(40), frame(60_000), frame(60_040), frame(60_030), frame(60_080)]));
    const samples = out.flatMap((c) => c.samples ?? []);
    // 0 → 40 ms; the 60 s jump is rebased one frame on; the 10 ms step back is clamped to one tick; the
    // next step is measured from that tick, and the flush repeats it for the last sample.
    expect(samples.map((s) => s.sample_duration)).toEqual([3600, 3600, 3600, 1, 3599, 3599]);
    expect(remuxer.corrections).toBe(2);
  });

  it("calls a sustained run of unusable timestamps media.invalid", () => {
    const remuxer = new CmafRemuxer({ partDuration: 10, audio: false, timeline: { maxGapMs: 5_000, maxBackstepMs: 1_000, maxConsecutiveOdd: 3 } });
    remuxer.push(videoConfig());
    const push = () => [0, 0, 0, 0, 0].forEach((t) => remuxer.push(frame(t, true)));
    expect(push).toThrow(expect.objectContaining({ code: "media.invalid" }));
  });

  it("skips samples before their configuration and unreadable configurations; a repeated one is nothing", () => {
    const remuxer = new CmafRemuxer({ partDuration: 10, audio: true });
    expect(remuxer.push(frame(0, true))).toEqual([]);
    expect(remuxer.push(aac(0))).toEqual([]);
    expect(remuxer.push(videoConfig(hex("02")))).toEqual([]);
    expect(remuxer.push({ kind: "audio-config", audioSpecificConfig: new Uint8Array(0) })).toEqual([]);
    expect(remuxer.skipped).toBe(4);
    expect(remuxer.push(videoConfig())).toHaveLength(1);
    expect(remuxer.push(videoConfig())).toEqual([]);
  });

  it("starts a new header on a changed configuration, closing the open chunk first and keeping the timeline", () => {
    const remuxer = new CmafRemuxer({ partDuration: 10, audio: false });
    const changed = hex("014d00 1effe1 0004 674d001e 01 0004 68ee3cb0");
    const out = chunks(feed(remuxer, [videoConfig(), frame(0, true), frame(40), videoConfig(changed), frame(80, true)]));
    expect(out.map((c) => [c.type, c.decodeTime])).toEqual([["init", undefined], ["chunk", 0], ["init", undefined], ["chunk", 7200]]);
  });

  it("gives AAC frames 1024 ticks on the sample-rate timescale despite millisecond rounding", () => {
    const remuxer = new CmafRemuxer({ partDuration: 0.1, audio: true });
    const out = chunks(feed(remuxer, [{ kind: "audio-config", audioSpecificConfig: ASC }, ...Array.from({ length: 10 }, (_, i) => aac(Math.round((i * 1024 * 1000) / 48000)))]));
    const samples = out.flatMap((c) => c.samples ?? []);
    expect(samples.map((s) => s.sample_duration)).toEqual(Array.from({ length: 10 }, () => 1024));
    expect(out.filter((c) => c.type === "chunk").map((c) => c.decodeTime)).toEqual([0, 5120]);
  });

  it("keeps copied 44.1 kHz AAC chunks within a PART-TARGET set for 48 kHz frames", () => {
    // PART-TARGET 0.342 s fits 16 frames at 48 kHz; 15 frames at 44.1 kHz are 0.348 s, so chunks hold 14.
    const remuxer = new CmafRemuxer({ partDuration: 0.333, maxPartDuration: 0.342, audio: true });
    const asc44 = hex("1210"); // AAC-LC, 44.1 kHz, stereo
    const out = chunks(feed(remuxer, [{ kind: "audio-config", audioSpecificConfig: asc44 }, ...Array.from({ length: 60 }, (_, i) => aac(Math.round((i * 1024 * 1000) / 44100)))]));
    expect(out.filter((c) => c.type === "chunk").map((c) => c.samples?.length)).toEqual([14, 14, 14, 14, 4]);
  });

  it("writes what the CMAF segmenter takes unchanged: segments start with keyframes", () => {
    const remuxer = new CmafRemuxer({ partDuration: 0.5, audio: false });
    const inputs = [videoConfig(), ...Array.from({ length: 180 }, (_, i) => frame(Math.round((i * 1000) / 30), i % 60 === 0))];
    const segmenter = new CmafSegmenter({ targetDuration: 2 });
    const events = feed(remuxer, inputs).flatMap((o) => segmenter.push(o.bytes));
    events.push(...segmenter.flush());
    const segments = events.flatMap((e) => (e.type === "segment" ? [e.segment] : []));
    expect(segments.map((s) => [s.decodeTime / 90000, Math.round(s.duration / 900) / 100, s.parts.length, s.parts[0]?.independent])).toEqual([[0, 2, 4, true], [2, 2, 4, true], [4, 2, 4, true]]);
    expect(segmenter.init?.track).toMatchObject({ kind: "video", codec: "avc1.64001f", timescale: 90000, width: 320, height: 180 });
  });
});
