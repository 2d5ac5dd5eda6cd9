// RemuxPipeline's contract with the broadcast: events reach sinks in order per rendition, a fatal input
// problem never throws from push() but rejects done and end(), and end() is idempotent.
import { describe, expect, it } from "vitest";
import type { SegmenterEvent } from "../cmaf/types.ts";
import type { RemuxInput } from "./remux-input.ts";
import { RemuxPipeline } from "./remux-pipeline.ts";

const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, "").match(/../g) ?? [], (b) => parseInt(b, 16));
const AVC_RECORD = hex("016400 1fffe1 0004 6764001f 01 0004 68ee3cb0");

function recorder() {
  const seen: [string, SegmenterEvent["type"]][] = [];
  return { seen, sink: { handle: async (rendition: string, event: SegmenterEvent) => void seen.push([rendition, event.type]) } };
}

describe("RemuxPipeline", () => {
  it("segments what the demuxer yields and flushes the last segment on end()", async () => {
    const frames: RemuxInput[] = [{ kind: "video-config", record: AVC_RECORD, width: 320, height: 180 }];
    for (let i = 0; i < 90; i++) frames.push({ kind: "video", dtsMs: Math.round((i * 1000) / 30), ctsMs: 0, sync: i % 60 === 0, data: Uint8Array.of(0, 0, 0, 1, 0x41) });
    const { seen, sink } = recorder();
    const pipeline = new RemuxPipeline({ renditions: { video: "source" }, sinks: [sink], segmentDuration: 2, partDuration: 1 });
    for (const frame of frames) pipeline.push(frame);
    await pipeline.end();
    await expect(pipeline.done).resolves.toBeUndefined();
    await expect(pipeline.end()).resolves.toBeUndefined();
    expect(seen.filter(([, type]) => type !== "part")).toEqual([["source", "init"], ["source", "segment"], ["source", "segment"]]);
  });

  it("lists a segment as soon as the keyframe that ends it arrives, before the next segment's first part completes", async () => {
    const events: SegmenterEvent[] = [];
    const pipeline = new RemuxPipeline({ renditions: { video: "source" }, sinks: [{ immediate: true, handle: (_rendition, event) => void events.push(event) }], segmentDuration: 2, partDuration: 0.5 });
    pipeline.push({ kind: "video-config", record: AVC_RECORD, width: 320, height: 180 });
    // 2 s GOPs at 30 fps: frame 60 is the keyframe that ends segment 0.
    for (let i = 0; i <= 60; i++) pipeline.push({ kind: "video", dtsMs: Math.round((i * 1000) / 30), ctsMs: 0, sync: i % 60 === 0, data: Uint8Array.of(0, 0, 0, 1, 0x41) });
    const segments = events.filter((e) => e.type === "segment");
    expect(segments.map((e) => e.type === "segment" && e.segment.sequence)).toEqual([0]);
    expect(events.some((e) => e.type === "part" && e.part.segmentSequence === 1)).toBe(false);
    await pipeline.end();
  });

  it("turns a fatal input error into a rejected done, never a throw from push()", async () => {
    const pipeline = new RemuxPipeline({
      renditions: { video: "source", audio: "audio" },
      sinks: [recorder().sink],
      segmentDuration: 2,
      partDuration: 0.5,
      timeline: { maxGapMs: 5_000, maxBackstepMs: 1_000, maxConsecutiveOdd: 3 },
    });
    pipeline.push({ kind: "video-config", record: AVC_RECORD, width: 320, height: 180 });
    // Every timestamp steps back a little: clamped each time, until the run is too long to be a glitch.
    for (let i = 0; i < 8; i++) expect(() => pipeline.push({ kind: "video", dtsMs: 1_000 - i * 10, ctsMs: 0, sync: true, data: Uint8Array.of(0, 0, 0, 1, 0x65) })).not.toThrow();
    await expect(pipeline.done).rejects.toMatchObject({ code: "media.invalid" });
    await expect(pipeline.end()).rejects.toMatchObject({ code: "media.invalid" });
  });
});
