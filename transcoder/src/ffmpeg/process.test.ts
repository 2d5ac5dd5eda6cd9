// Shutdown policy against real ffmpeg: stdin close lets it finish; a stuck input escalates to signals.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLadderConfig } from "#core/ladder/config.ts";
import { selectLadder } from "../ladder/select.ts";
import { buildLiveArgs, buildVodArgs } from "./args.ts";
import { spawnFfmpeg } from "./process.ts";
import { collect } from "./testing/collect.ts";
import { topLevelBoxTypes } from "./testing/boxes.ts";
import { makeClip, tempDir } from "./testing/media.ts";

let dir: string;
let cleanup: () => Promise<void>;
let clip: string;
const ladder = selectLadder(
  { width: 320, height: 240, fps: 25, videoCodec: "h264" },
  parseLadderConfig({ rungs: [{ name: "low", width: 320, height: 240, bitrate: 200_000, preset: "ultrafast" }] }),
);

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  clip = await makeClip(join(dir, "clip.flv"), { seconds: 2, width: 320, height: 240, fps: 25, gop: 25 });
});
afterAll(() => cleanup());

describe("FfmpegProcess", () => {
  it("stop() closes stdin and ffmpeg finishes its outputs cleanly", async () => {
    const proc = spawnFfmpeg(buildLiveArgs(ladder, { inputFormat: "flv" }), { ffmpegPath: "ffmpeg" });
    const outputs = [...proc.outputs.values()].map((s) => collect(s));
    proc.write(await readFile(clip));
    const exit = await proc.stop();
    expect(exit).toMatchObject({ exitCode: 0, signal: null, spawnError: undefined });
    for (const bytes of await Promise.all(outputs)) expect(topLevelBoxTypes(bytes).slice(0, 3)).toEqual(["ftyp", "moov", "moof"]);
  });

  it("escalates to SIGTERM when ffmpeg does not exit after stdin closes", async () => {
    // A realtime file input ignores stdin, so only the signal can end it.
    const cmd = buildVodArgs(ladder, { path: clip });
    const proc = spawnFfmpeg({ ...cmd, args: cmd.args.map((a) => (a === "-nostdin" ? "-re" : a)), stdio: ["pipe", ...cmd.stdio.slice(1)] }, {
      ffmpegPath: "ffmpeg",
      shutdown: { stdinCloseGraceMs: 0, sigtermGraceMs: 5_000 },
    });
    for (const s of proc.outputs.values()) void collect(s);
    const exit = await proc.stop();
    // ffmpeg traps SIGTERM and exits with 255 after finishing its outputs.
    expect(exit.exitCode === 255 || exit.signal === "SIGTERM").toBe(true);
  });

  it("exposes outputs as web streams", async () => {
    const proc = spawnFfmpeg(buildVodArgs(ladder, { path: clip }), { ffmpegPath: "ffmpeg" });
    // Drain the other pipes first: ffmpeg stalls every output when one pipe is full.
    for (const [name, s] of proc.outputs) if (name !== "low") void collect(s);
    const reader = proc.webStream("low").getReader();
    const chunks: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    expect((await proc.exited).exitCode).toBe(0);
    expect(topLevelBoxTypes(Buffer.concat(chunks))).toContain("mdat");
  });

  it("reports a missing binary as a spawn error", async () => {
    const proc = spawnFfmpeg(buildVodArgs(ladder, { path: clip }), { ffmpegPath: "/nonexistent/ffmpeg" });
    const exit = await proc.exited;
    expect(exit.spawnError?.message).toContain("ENOENT");
  });
});
