// The dispatcher's storage backlog: bytes queued for ordered sinks are counted, the owner is told once
// when they pass the high water and once when they are back under half, and a failing sink does not
// leave its batch counted forever.
import { describe, expect, it } from "vitest";
import type { CmafPart, SegmenterEvent } from "../cmaf/types.ts";
import { OrderedSinks } from "./ordered-sinks.ts";

const part = (size: number): SegmenterEvent => {
  const p: CmafPart = { segmentSequence: 0, index: 0, decodeTime: 0, duration: 1, timescale: 1, independent: true, bytes: new Uint8Array(size) };
  return { type: "part", part: p };
};

/** A sink whose every handle waits for `release()`. */
function gatedSink() {
  const waiting: (() => void)[] = [];
  return {
    handled: 0,
    handle(): Promise<void> {
      return new Promise<void>((resolve) => waiting.push(resolve)).then(() => void this.handled++);
    },
    release(): void {
      for (const go of waiting.splice(0)) go();
    },
    get waiting(): number {
      return waiting.length;
    },
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("OrderedSinks backlog", () => {
  it("reports falling behind past the high water and catching up under half of it", async () => {
    const sink = gatedSink();
    const pressure: [boolean, number][] = [];
    const seen: number[] = [];
    const sinks = new OrderedSinks([{ immediate: true, handle: () => void seen.push(1) }, sink], undefined, { highWaterBytes: 1000, onPressure: (behind, bytes) => pressure.push([behind, bytes]) });
    for (let i = 0; i < 4; i++) sinks.dispatch("source", [part(400)]);
    // The memory sink saw everything at once; storage holds 1600 bytes.
    expect(seen).toHaveLength(4);
    expect(sinks.queuedBytes).toBe(1600);
    expect(pressure).toEqual([[true, 1200]]);
    while (sink.handled < 4) {
      await settle();
      sink.release();
    }
    await sinks.drain();
    expect(sinks.queuedBytes).toBe(0);
    expect(pressure).toEqual([[true, 1200], [false, 400]]);
  });

  it("remembers the deepest backlog, ever and since it was last asked", async () => {
    const sink = gatedSink();
    const sinks = new OrderedSinks([sink]);
    for (let i = 0; i < 3; i++) sinks.dispatch("source", [part(100)]);
    expect(sinks.takeRecentPeak()).toBe(300);
    while (sink.handled < 3) {
      await settle();
      sink.release();
    }
    await sinks.drain();
    // The interval after the first question started at 300 queued bytes and only went down.
    expect(sinks.takeRecentPeak()).toBe(300);
    expect(sinks.takeRecentPeak()).toBe(0);
    expect(sinks.peakBytes).toBe(300);
  });

  it("stops counting a batch whose sink failed", async () => {
    const sinks = new OrderedSinks([{ handle: () => Promise.reject(new Error("store down")) }], undefined, { highWaterBytes: 100, onPressure: () => undefined });
    sinks.dispatch("source", [part(60), part(60)]);
    await expect(sinks.drain()).rejects.toThrow("store down");
    expect(sinks.queuedBytes).toBe(0);
  });
});
