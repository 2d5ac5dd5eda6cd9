import { describe, expect, it } from "vitest";
import { parseLadderConfig } from "#core/ladder/config.ts";
import type { LadderConfigInput } from "#core/ladder/config.ts";
import { selectLadder } from "../ladder/select.ts";
import { buildLadderArgs, buildLiveArgs, buildVodArgs } from "./args.ts";
import { filterGraph } from "./filter-graph.ts";
import { formatFrameRate } from "./rate.ts";

const source = { width: 1280, height: 720, fps: 30, videoCodec: "h264" };
const ladderFor = (config: LadderConfigInput = {}) => selectLadder(source, parseLadderConfig(config));

/** The value following `flag` at each of its occurrences. */
function values(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1] ?? ""] : []));
}

describe("buildLiveArgs", () => {
  it("reads FLV from stdin, one pipe per rendition, stdio to match", () => {
    const cmd = buildLiveArgs(ladderFor({ passthrough: true }), { inputFormat: "flv" });
    expect(values(cmd.args, "-i")).toEqual(["pipe:0"]);
    expect(values(cmd.args, "-f")[0]).toBe("flv");
    expect(cmd.outputs).toEqual([
      { rendition: "720p", kind: "video", fd: 3 },
      { rendition: "480p", kind: "video", fd: 4 },
      { rendition: "360p", kind: "video", fd: 5 },
      { rendition: "240p", kind: "video", fd: 6 },
      { rendition: "source", kind: "passthrough", fd: 7 },
      { rendition: "audio", kind: "audio", fd: 8 },
    ]);
    expect(cmd.args.filter((a) => a.startsWith("pipe:") && a !== "pipe:0" && a !== "pipe:2")).toEqual(["pipe:3", "pipe:4", "pipe:5", "pipe:6", "pipe:7", "pipe:8"]);
    expect(cmd.stdio).toEqual(["pipe", "ignore", "pipe", "pipe", "pipe", "pipe", "pipe", "pipe", "pipe"]);
    expect(values(cmd.args, "-c:v")).toEqual(["libx264", "libx264", "libx264", "libx264", "copy"]);
    expect(values(cmd.args, "-c:a")).toEqual(["aac"]);
    expect(cmd.args).not.toContain("-re");
  });

  it("decodes once and splits N ways in one filter graph", () => {
    const ladder = ladderFor();
    expect(filterGraph(ladder).graph).toBe(
      "[0:v:0]fps=30,format=yuv420p,split=4[s0][s1][s2][s3];" +
        "[s0]scale=1280:720,setsar=1[v0];[s1]scale=854:480,setsar=1[v1];[s2]scale=640:360,setsar=1[v2];[s3]scale=426:240,setsar=1[v3]",
    );
    expect(values(buildLiveArgs(ladder, { inputFormat: "flv" }).args, "-map")).toEqual(["[v0]", "[v1]", "[v2]", "[v3]", "0:a:0"]);
  });

  it.each([
    { latency: "normal" as const, gop: "60", bf: "2", frag: "333333", tune: [] },
    { latency: "low" as const, gop: "60", bf: "0", frag: "200000", tune: ["zerolatency", "zerolatency", "zerolatency", "zerolatency"] },
  ])("$latency latency: identical GOP on every rung, fragments at keyframes and every part", ({ latency, gop, bf, frag, tune }) => {
    const { args } = buildLiveArgs(ladderFor({ latency }), { inputFormat: "mpegts" });
    expect(values(args, "-f")[0]).toBe("mpegts");
    expect(new Set(values(args, "-g"))).toEqual(new Set([gop]));
    expect(values(args, "-keyint_min")).toEqual([gop, gop, gop, gop]);
    expect(values(args, "-sc_threshold")).toEqual(["0", "0", "0", "0"]);
    expect(values(args, "-bf")).toEqual([bf, bf, bf, bf]);
    expect(new Set(values(args, "-force_key_frames"))).toEqual(new Set(["expr:gte(t,n_forced*2)"]));
    expect(values(args, "-tune")).toEqual(tune);
    expect(values(args, "-frag_duration")).toEqual([frag, frag, frag, frag, frag]);
    expect(new Set(values(args, "-movflags"))).toEqual(new Set(["+frag_keyframe+empty_moov+default_base_moof+skip_trailer"]));
  });

  it("carries each rung's rate control, profile and level", () => {
    const { args } = buildLiveArgs(ladderFor(), { inputFormat: "flv" });
    expect(values(args, "-b:v")).toEqual(["2800k", "1400k", "800k", "400k"]);
    expect(values(args, "-maxrate")).toEqual(["2996k", "1498k", "856k", "428k"]);
    expect(values(args, "-bufsize")).toEqual(["4200k", "2100k", "1200k", "600k"]);
    expect(values(args, "-profile:v")).toEqual(["high", "main", "main", "main"]);
    expect(values(args, "-level:v")).toEqual(["3.1", "3.1", "3", "2.1"]);
    expect(values(args, "-b:a")).toEqual(["128k"]);
    expect(values(args, "-ar")).toEqual(["48000"]);
    expect(values(args, "-ac")).toEqual(["2"]);
  });

  it("leaves audio out when the ladder has none", () => {
    const cmd = buildLiveArgs(selectLadder({ ...source, hasAudio: false }, parseLadderConfig()), { inputFormat: "flv" });
    expect(cmd.outputs.map((o) => o.kind)).toEqual(["video", "video", "video", "video"]);
    expect(cmd.args).not.toContain("0:a:0");
  });
});

describe("buildVodArgs / buildLadderArgs", () => {
  it("reads a file without -re and ignores stdin", () => {
    const cmd = buildVodArgs(ladderFor(), { path: "/tmp/upload.mp4" });
    expect(values(cmd.args, "-i")).toEqual(["/tmp/upload.mp4"]);
    expect(cmd.args).toContain("-nostdin");
    expect(cmd.args).not.toContain("-re");
    expect(cmd.stdio[0]).toBe("ignore");
  });

  it("reads a file at native rate when asked", () => {
    expect(buildLadderArgs(ladderFor(), { kind: "file", path: "a.flv", realtime: true }).args).toContain("-re");
  });
});

describe("formatFrameRate", () => {
  it.each([
    { fps: 30, text: "30" },
    { fps: 25, text: "25" },
    { fps: 30000 / 1001, text: "30000/1001" },
    { fps: 60000 / 1001, text: "60000/1001" },
    { fps: 24000 / 1001, text: "24000/1001" },
    { fps: 12.5, text: "12.5" },
  ])("$fps → $text", ({ fps, text }) => expect(formatFrameRate(fps)).toBe(text));
});
