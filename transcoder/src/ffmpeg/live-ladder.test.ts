// Real ffmpeg end to end: a 4 s clip goes into the live ladder command on stdin; ffprobe checks every pipe's output.
import { createReadStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLadderConfig } from "#core/ladder/config.ts";
import type { LadderConfigInput } from "#core/ladder/config.ts";
import { selectLadder } from "../ladder/select.ts";
import type { Ladder } from "#core/ladder/types.ts";
import { buildLiveArgs } from "./args.ts";
import type { LiveInputFormat } from "./args.ts";
import { spawnFfmpeg } from "./process.ts";
import { probe, probeVideoFrames } from "./probe.ts";
import type { ProgressUpdate } from "./progress.ts";
import { topLevelBoxTypes } from "./testing/boxes.ts";
import { collect } from "./testing/collect.ts";
import { makeClip, tempDir } from "./testing/media.ts";

let dir: string;
let cleanup: () => Promise<void>;
const source = { width: 640, height: 360, fps: 30, videoCodec: "h264" };

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await Promise.all([makeClip(join(dir, "in.flv"), { format: "flv" }), makeClip(join(dir, "in.ts"), { format: "mpegts" })]);
});
afterAll(() => cleanup());

interface Run {
  ladder: Ladder;
  files: Map<string, { path: string; bytes: Buffer }>;
  progress: ProgressUpdate[];
}

async function runLive(config: LadderConfigInput, inputFormat: LiveInputFormat): Promise<Run> {
  const ladder = selectLadder(source, parseLadderConfig(config));
  const command = buildLiveArgs(ladder, { inputFormat });
  const progress: ProgressUpdate[] = [];
  const proc = spawnFfmpeg(command, { ffmpegPath: "ffmpeg", onProgress: (u) => progress.push(u) });
  const collected = [...proc.outputs].map(async ([name, stream]) => {
    const bytes = await collect(stream);
    const path = join(dir, `${inputFormat}-${ladder.latency}-${name}.mp4`);
    await writeFile(path, bytes);
    return [name, { path, bytes }] as const;
  });
  if (proc.stdin === null) throw new Error("live command must read stdin");
  await pipeline(createReadStream(join(dir, inputFormat === "flv" ? "in.flv" : "in.ts")), proc.stdin);
  const files = new Map(await Promise.all(collected));
  const exit = await proc.exited;
  expect(exit, exit.lastStderr.join("\n")).toMatchObject({ exitCode: 0, signal: null });
  return { ladder, files, progress };
}

function keyTimes(frames: Awaited<ReturnType<typeof probeVideoFrames>>): number[] {
  return frames.filter((f) => f.keyFrame).map((f) => f.ptsTime ?? NaN);
}

function expectFragmented(bytes: Buffer, minFragments: number): void {
  const types = topLevelBoxTypes(bytes);
  expect(types.slice(0, 2)).toEqual(["ftyp", "moov"]);
  const rest = types.slice(2);
  expect(rest.filter((t) => t === "moof").length).toBeGreaterThanOrEqual(minFragments);
  expect(rest.every((t, i) => t === (i % 2 === 0 ? "moof" : "mdat"))).toBe(true);
}

describe("live ladder, FLV on stdin: 360p + 240p + audio", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runLive({}, "flv");
  });

  it("writes one output per rendition on pipes 3..5", () => {
    expect([...run.files.keys()]).toEqual(["360p", "240p", "audio"]);
  });

  it("each video rung decodes at its size with keyframes every 2 s at the same pts on every rung", async () => {
    const perRung = await Promise.all(run.ladder.video.map((r) => probeVideoFrames("ffprobe", run.files.get(r.name)?.path ?? "")));
    const [first, ...others] = perRung.map(keyTimes);
    expect(first?.length).toBeGreaterThanOrEqual(2);
    for (const [i, frames] of perRung.entries()) {
      const rung = run.ladder.video[i];
      expect(frames.length).toBeGreaterThanOrEqual(115);
      expect(frames.every((f) => f.width === rung?.width && f.height === rung?.height)).toBe(true);
    }
    for (const times of others) expect(times).toEqual(first);
    const gaps = (first ?? []).slice(1).map((t, i) => t - (first?.[i] ?? 0));
    for (const gap of gaps) expect(gap).toBeCloseTo(2, 6);
  });

  it("video and audio are fragmented MP4 with many moof boxes (~1/3 s parts)", () => {
    for (const name of ["360p", "240p", "audio"]) expectFragmented(run.files.get(name)?.bytes ?? Buffer.alloc(0), 10);
  });

  it("audio is AAC stereo at 48 kHz", async () => {
    const info = await probe("ffprobe", run.files.get("audio")?.path ?? "");
    expect(info.streams).toMatchObject([{ codecType: "audio", codecName: "aac", sampleRate: 48_000, channels: 2 }]);
  });

  it("reports progress up to the end", () => {
    expect(run.progress.at(-1)).toMatchObject({ end: true });
    expect(run.progress.at(-1)?.outTimeUs).toBeGreaterThan(3_900_000);
  });
});

describe("live ladder, MPEG-TS on stdin, low latency, with the passthrough rung", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runLive({ latency: "low", passthrough: true, rungs: [{ name: "240p", width: 426, height: 240, bitrate: 400_000 }] }, "mpegts");
  });

  it("remuxes the source untouched and keeps its 1 s GOP", async () => {
    const frames = await probeVideoFrames("ffprobe", run.files.get("source")?.path ?? "");
    expect(frames.every((f) => f.width === 640 && f.height === 360)).toBe(true);
    const keys = keyTimes(frames);
    expect(keys.length).toBeGreaterThanOrEqual(4);
    expect(keys.slice(1).map((t, i) => t - (keys[i] ?? 0))).toEqual(keys.slice(1).map(() => expect.closeTo(1, 3)));
    const info = await probe("ffprobe", run.files.get("source")?.path ?? "");
    expect(info.streams[0]).toMatchObject({ codecName: "h264", width: 640, height: 360 });
  });

  it("the encoded rung has no B-frame delay: keyframes at exactly 0, 2, 4 s", async () => {
    const keys = keyTimes(await probeVideoFrames("ffprobe", run.files.get("240p")?.path ?? ""));
    expect(keys).toEqual([0, 2, 4].slice(0, keys.length));
    expect(keys.length).toBeGreaterThanOrEqual(2);
  });

  it("low latency cuts ~0.2 s parts", () => {
    for (const name of ["240p", "source", "audio"]) expectFragmented(run.files.get(name)?.bytes ?? Buffer.alloc(0), name === "source" ? 10 : 16);
  });
});
