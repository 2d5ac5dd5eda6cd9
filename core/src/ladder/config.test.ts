import { describe, expect, it } from "vitest";
import { TributaryError } from "../errors.ts";
import { parseLadderConfig } from "./config.ts";

function problems(input: unknown): string[] {
  try {
    parseLadderConfig(input);
  } catch (error) {
    if (error instanceof TributaryError && error.code === "config.invalid") return error.details?.["problems"] as string[];
    throw error;
  }
  return [];
}

describe("parseLadderConfig", () => {
  it("fills defaults", () => {
    expect(parseLadderConfig({})).toEqual({
      rungs: undefined,
      passthrough: false,
      audio: { name: "audio", codec: "aac", bitrate: 128_000, sampleRate: 48_000, channels: 2 },
      latency: "normal",
      maxFps: 60,
      segmentDuration: 2,
    });
  });

  it("derives maxrate and bufsize for explicit rungs", () => {
    const config = parseLadderConfig({ rungs: [{ name: "lo", width: 640, height: 360, bitrate: 800_000 }] });
    expect(config.rungs).toEqual([{ name: "lo", width: 640, height: 360, bitrate: 800_000, maxrate: 856_000, bufsize: 1_200_000, profile: "high", preset: "veryfast" }]);
  });

  it.each([
    { name: "unknown key", input: { latncy: "low" }, problem: "(root)" },
    { name: "odd width", input: { rungs: [{ name: "a", width: 641, height: 360, bitrate: 800_000 }] }, problem: "rungs.0.width: must be even" },
    { name: "reserved name", input: { rungs: [{ name: "source", width: 640, height: 360, bitrate: 800_000 }] }, problem: "rungs.0.name" },
    { name: "duplicate names", input: { rungs: [{ name: "a", width: 640, height: 360, bitrate: 8e5 }, { name: "a", width: 426, height: 240, bitrate: 4e5 }] }, problem: "rungs: rung names must be unique" },
    { name: "bad latency", input: { latency: "ultra" }, problem: "latency" },
    { name: "part longer than segment", input: { segmentDuration: 1, partDuration: 1.5 }, problem: "partDuration" },
  ])("rejects $name", ({ input, problem }) => {
    expect(problems(input).some((p) => p.startsWith(problem))).toBe(true);
  });

  it("reports every problem together", () => {
    expect(problems({ latency: "ultra", maxFps: -1, passthrough: "yes" })).toHaveLength(3);
  });
});
