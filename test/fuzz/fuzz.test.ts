// Every fuzz target on a short budget inside the normal suite (`npm run fuzz` runs the full volume).
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TributaryError } from "#core/errors.ts";
import { fuzzTarget } from "#core/testing/fuzz/fuzz-target.ts";
import { runFuzzTarget } from "./fuzz-runner.ts";
import { fuzzTargets } from "./targets.ts";

describe("fuzz targets (short budget)", () => {
  it("covers every parser that reads peer-controlled bytes", () => {
    expect(fuzzTargets.map((t) => t.name)).toEqual(["rtmp-handshake", "rtmp-chunk", "amf0", "flv", "mpegts", "mp4", "video-subsamples", "cmcd", "manifest", "playback-token", "srt-stream-id", "api-body", "cpix-response", "webvtt"]);
  });

  it.each(fuzzTargets.map((t) => [t.name, t] as const))("%s: 2,000 inputs (or 1.5 s) without a failure", async (_, target) => {
    // A fixed seed keeps the suite reproducible; the slow-input limit is relaxed for loaded CI machines.
    const result = await runFuzzTarget(target, { inputs: 2000, timeLimitMs: 1500, slowInputMs: 1000, seed: 0x7157 });
    expect(result.failure?.error ?? "", result.failure?.counterexample).toBe("");
    expect(result.inputs).toBeGreaterThan(0);
  });

  it("counts a TributaryError as a refusal and anything else as a failure, shrunk", async () => {
    const parser = (bytes: Uint8Array) => {
      if (bytes.length > 3) throw new TributaryError("media.invalid", "too long");
      if (bytes[0] === 7) new DataView(bytes.buffer).getUint32(8); // a RangeError, as an unchecked read would throw
    };
    const target = fuzzTarget<Uint8Array>({ name: "sample", parser: "test", seeds: () => [], arbitraries: () => ({ bytes: fc.uint8Array({ maxLength: 8 }) }), run: parser });
    const result = await runFuzzTarget(target, { inputs: 5000, timeLimitMs: 5000, seed: 1 });
    expect(result.failures).toBe(1);
    expect(result.failure?.error).toMatch(/RangeError/);
    expect(result.failure?.counterexample).toContain("7");
  });
});
