// Real ffmpeg processes killed mid-run: the supervisor restarts per policy, reports deaths, and gives up with a fatal error.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { TributaryError } from "#core/errors.ts";
import { parseLadderConfig } from "#core/ladder/config.ts";
import { selectLadder } from "../ladder/select.ts";
import { buildLiveArgs } from "./args.ts";
import type { FfmpegCommand } from "./args.ts";
import type { FfmpegProcess } from "./process.ts";
import { probeVideoFrames } from "./probe.ts";
import { FfmpegSupervisor } from "./supervisor.ts";
import type { FfmpegDeath, RestartPolicy, SupervisorOptions } from "./supervisor.ts";
import { collect } from "./testing/collect.ts";
import { makeClip, tempDir } from "./testing/media.ts";

let dir: string;
let cleanup: () => Promise<void>;
let flv: Buffer;
let command: FfmpegCommand;
const fast: RestartPolicy = { maxRestarts: 2, initialDelayMs: 10, multiplier: 2, maxDelayMs: 100, stableAfterMs: 600_000 };

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  flv = await readFile(await makeClip(join(dir, "in.flv"), { seconds: 3 }));
  const ladder = selectLadder({ width: 640, height: 360, fps: 30, videoCodec: "h264" }, parseLadderConfig({ rungs: [{ name: "240p", width: 426, height: 240, bitrate: 300_000, preset: "ultrafast" }] }));
  command = buildLiveArgs(ladder, { inputFormat: "flv" });
});
afterAll(() => cleanup());

/** Starts a supervisor whose every generation has its outputs drained, and exposes its events as promises. */
function supervise(restart: RestartPolicy, cmd: FfmpegCommand = command, extra: Partial<SupervisorOptions> = {}) {
  const deaths: FfmpegDeath[] = [];
  const starts: { proc: FfmpegProcess; generation: number; outputs: Promise<Map<string, Buffer>> }[] = [];
  const waiters: (() => void)[] = [];
  const notify = () => waiters.splice(0).forEach((w) => w());
  const until = async (ready: () => boolean) => {
    while (!ready()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  const supervisor = new FfmpegSupervisor({
    ...extra,
    command: cmd,
    ffmpegPath: "ffmpeg",
    restart,
    onStart: (proc, generation) => {
      const outputs = Promise.all([...proc.outputs].map(async ([name, s]) => [name, await collect(s)] as const)).then((e) => new Map(e));
      starts.push({ proc, generation, outputs });
      notify();
    },
    onDeath: (death) => {
      deaths.push(death);
      notify();
    },
  });
  return { supervisor, deaths, starts, until };
}

describe("FfmpegSupervisor", () => {
  it("restarts a killed ffmpeg, reports the death, and the session continues on the new process", async () => {
    const { supervisor, deaths, starts, until } = supervise(fast);
    await until(() => starts.length === 1);
    supervisor.write(flv.subarray(0, flv.length / 2));
    starts[0]?.proc.kill("SIGKILL");
    await until(() => starts.length === 2);
    expect(deaths).toEqual([{ generation: 1, exitCode: null, signal: "SIGKILL", lastStderr: expect.any(Array), restartInMs: 10 }]);
    // The caller keeps feeding the same session; the new process starts from a clean FLV header.
    expect(supervisor.write(flv)).toBeTypeOf("boolean");
    await supervisor.end();
    const second = await starts[1]?.outputs;
    const path = join(dir, "restarted-240p.mp4");
    await writeFile(path, second?.get("240p") ?? Buffer.alloc(0));
    const frames = await probeVideoFrames("ffprobe", path);
    expect(frames.length).toBeGreaterThanOrEqual(85);
    expect(frames.every((f) => f.width === 426 && f.height === 240)).toBe(true);
    expect(supervisor.generation).toBe(2);
  });

  it("with 0 restarts the first death is a fatal transcode.failed error carrying the last stderr lines", async () => {
    // An encoder that cannot open: ffmpeg reads the input, then exits with its reason on stderr.
    const broken = { ...command, args: command.args.map((a) => (a === "ultrafast" ? "nosuchpreset" : a)) };
    const { supervisor, deaths, starts, until } = supervise({ ...fast, maxRestarts: 0 }, broken);
    await until(() => starts.length === 1);
    supervisor.write(flv);
    const error = await supervisor.done.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TributaryError);
    expect(error).toMatchObject({ code: "transcode.failed", fatal: true });
    expect(deaths).toHaveLength(1);
    expect(deaths[0]).toMatchObject({ generation: 1, signal: null, restartInMs: null });
    expect(deaths[0]?.exitCode).not.toBe(0);
    expect(deaths[0]?.lastStderr.join("\n")).toContain("nosuchpreset");
    expect((error as TributaryError).message).toContain(deaths[0]?.lastStderr.at(-1));
    expect(starts).toHaveLength(1);
  });

  it("gives up after maxRestarts deaths with growing backoff", async () => {
    const { supervisor, deaths, starts, until } = supervise({ ...fast, maxRestarts: 2 });
    for (let generation = 1; generation <= 3; generation++) {
      await until(() => starts.length === generation);
      starts[generation - 1]?.proc.kill("SIGKILL");
      await until(() => deaths.length === generation);
    }
    await expect(supervisor.done).rejects.toMatchObject({ code: "transcode.failed", fatal: true });
    expect(deaths.map((d) => d.restartInMs)).toEqual([10, 20, null]);
    expect(supervisor.current).toBeNull();
  });

  it("drops input while no process runs and counts it", async () => {
    const { supervisor, deaths, starts, until } = supervise({ ...fast, initialDelayMs: 50 });
    await until(() => starts.length === 1);
    starts[0]?.proc.kill("SIGKILL");
    await until(() => deaths.length === 1);
    expect(supervisor.write(new Uint8Array(1000))).toBe(false);
    expect(supervisor.droppedBytes).toBe(1000);
    await supervisor.stop();
    await expect(supervisor.done).resolves.toBeUndefined();
    expect(starts).toHaveLength(1);
  });

  it("writes the preamble to every restarted process before live input resumes", async () => {
    const { supervisor, starts, until } = supervise(fast, command, { preamble: () => flv });
    await until(() => starts.length === 1);
    starts[0]?.proc.kill("SIGKILL");
    await until(() => starts.length === 2);
    await supervisor.end();
    const path = join(dir, "preamble-240p.mp4");
    await writeFile(path, (await starts[1]?.outputs)?.get("240p") ?? Buffer.alloc(0));
    expect((await probeVideoFrames("ffprobe", path)).length).toBeGreaterThanOrEqual(85);
  });

  it("a process that ran past stableAfterMs resets the restart count", async () => {
    const clock = new ManualClock();
    const { supervisor, deaths, starts, until } = supervise({ ...fast, maxRestarts: 1, stableAfterMs: 1_000 }, command, { clock });
    for (let generation = 1; generation <= 2; generation++) {
      await until(() => starts.length === generation);
      clock.advance(2_000);
      starts[generation - 1]?.proc.kill("SIGKILL");
      await until(() => deaths.length === generation);
    }
    expect(deaths.map((d) => d.restartInMs)).toEqual([10, 10]);
    await until(() => starts.length === 3);
    await supervisor.stop();
    await expect(supervisor.done).resolves.toBeUndefined();
  });
});
