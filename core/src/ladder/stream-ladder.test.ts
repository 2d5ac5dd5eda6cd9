import { describe, expect, it } from "vitest";
import { LADDER_PROFILE_NAMES } from "./profiles.ts";
import { streamLadderConfig, streamLadderSchema } from "./stream-ladder.ts";

describe("streamLadderSchema", () => {
  it("accepts every named profile and a list of rungs", () => {
    for (const name of LADDER_PROFILE_NAMES) expect(streamLadderSchema.parse(name)).toBe(name);
    expect(streamLadderSchema.parse([{ name: "540p", width: 960, height: 540, bitrate: 1_800_000 }])).toEqual([
      expect.objectContaining({ name: "540p", profile: "high", preset: "veryfast" }),
    ]);
  });

  it("names the valid profiles when refusing an unknown one", () => {
    const result = streamLadderSchema.safeParse("ultra");
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual(["unknown ladder profile; valid profiles: default, passthrough, mobile, premium-1080p"]);
  });

  it("refuses empty, oversized and duplicate rung lists, and rungs the encoder cannot make", () => {
    const rung = { name: "a", width: 640, height: 360, bitrate: 800_000 };
    expect(streamLadderSchema.safeParse([]).success).toBe(false);
    expect(streamLadderSchema.safeParse(Array.from({ length: 11 }, (_, i) => ({ ...rung, name: `r${i}` }))).success).toBe(false);
    expect(streamLadderSchema.safeParse([rung, rung]).success).toBe(false);
    expect(streamLadderSchema.safeParse([{ ...rung, width: 641 }]).success).toBe(false);
    expect(streamLadderSchema.safeParse([{ ...rung, name: "source" }]).success).toBe(false);
    expect(streamLadderSchema.safeParse(42).error?.issues[0]?.message).toBe("ladder must be a profile name or a list of rungs");
  });
});

describe("streamLadderConfig", () => {
  it("turns every profile into a valid configuration with the stream's latency", () => {
    for (const name of LADDER_PROFILE_NAMES) expect(streamLadderConfig(name, "low").latency).toBe("low");
    expect(streamLadderConfig("default", "normal").rungs).toBeUndefined();
    expect(streamLadderConfig("passthrough", "normal")).toMatchObject({ passthrough: true, rungs: [] });
    expect(streamLadderConfig("mobile", "normal")).toMatchObject({ maxFps: 30, passthrough: false });
    expect(streamLadderConfig("premium-1080p", "normal").rungs?.map((r) => r.name)).toEqual(["1080p", "720p", "480p", "360p"]);
  });

  it("uses explicit rungs and fills their rate limits", () => {
    const config = streamLadderConfig([{ name: "540p", width: 960, height: 540, bitrate: 1_000_000 }], "normal");
    expect(config.rungs).toEqual([expect.objectContaining({ name: "540p", maxrate: 1_070_000, bufsize: 1_500_000 })]);
  });

  it("refuses a stored value that is not a profile with a clear error", () => {
    expect(() => streamLadderConfig("mobil", "normal")).toThrow(/unknown ladder profile "mobil"; valid profiles: default, passthrough, mobile, premium-1080p/);
    expect(() => streamLadderConfig([{ name: "x" }], "normal")).toThrow(/invalid ladder config/);
  });
});
