import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "#core/clock.ts";
import { bodyBytes } from "#core/storage/object-body.ts";
import { keys } from "#core/storage/keys.ts";
import { FsObjectStore } from "#core-node/fs-object-store.ts";
import { locateFfmpeg, type FfmpegTools } from "../../ffmpeg/locate.ts";
import { runTool } from "../../ffmpeg/run.ts";
import { makeClip, tempDir } from "../../ffmpeg/testing/media.ts";
import { runLocalVodJob } from "../local-job.ts";
import { writeStoryboard } from "./storyboard.ts";

let dir: string;
let cleanup: () => Promise<void>;
let tools: FfmpegTools;
let store: FsObjectStore;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("storyboard-"));
  tools = await locateFfmpeg();
  store = new FsObjectStore({ root: join(dir, "store"), durable: false });
  // 7 s: the last tile starts at 6 s, on the last keyframe, and the grid is not full.
  const input = await makeClip(join(dir, "in.flv"), { seconds: 7, width: 426, height: 240, fps: 30, gop: 30 });
  await runLocalVodJob({ store, mediaId: "short", input, tools, clock: systemClock, ladder: { rungs: [{ name: "240p", width: 426, height: 240, bitrate: 300_000, preset: "ultrafast" }] } });
}, 60_000);
afterAll(async () => {
  await cleanup();
});

/** Mean luma of one region of a picture (ffmpeg signalstats YAVG): testsrc2 is never near black. */
async function meanLuma(path: string, region: { x: number; y: number; w: number; h: number }): Promise<number> {
  const result = await runTool(tools.ffmpeg, ["-hide_banner", "-i", path, "-vf", `crop=${region.w}:${region.h}:${region.x}:${region.y},signalstats,metadata=print:key=lavfi.signalstats.YAVG`, "-f", "null", "-"]);
  return Number(/YAVG=([\d.]+)/.exec(result.stderr)?.[1] ?? "0");
}

describe("writeStoryboard", () => {
  it("fills every tile a cue names, the last one included, on a grid that is not full", async () => {
    const board = await writeStoryboard({ store, ffmpeg: tools.ffmpeg, tools, mediaId: "short", scratchDir: dir }, "240p");
    expect([board.tiles, board.columns, board.rows, board.intervalSeconds]).toEqual([4, 4, 1, 2]);
    const spritePath = join(dir, "served.jpg");
    await writeFile(spritePath, await bodyBytes((await store.get(keys.storyboardSprite("short")))?.body ?? new Uint8Array()));
    const vtt = new TextDecoder().decode(await bodyBytes((await store.get(keys.storyboardIndex("short")))?.body ?? ""));
    const regions = [...vtt.matchAll(/#xywh=(\d+),(\d+),(\d+),(\d+)$/gm)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), h: Number(m[4]) }));
    expect(regions.length).toBe(4);
    for (const region of regions) expect(await meanLuma(spritePath, region)).toBeGreaterThan(40);
  });
});
