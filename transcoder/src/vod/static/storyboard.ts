/**
 * The storyboard of a packaged asset: one ffmpeg over a rendition's keyframes only (`-skip_frame
 * nokey`, so the cost is one picture per GOP, not a full decode) with `fps=1/N,scale=W:-2,tile=CxR`,
 * giving one sprite JPEG; then the sprite is measured with ffprobe so the index's tile sizes are the
 * sprite's own.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { TributaryError } from "#core/errors.ts";
import { keys } from "#core/storage/keys.ts";
import type { FfmpegTools } from "../../ffmpeg/locate.ts";
import { probe } from "../../ffmpeg/probe.ts";
import { runTool } from "../../ffmpeg/run.ts";
import { assembleRendition } from "./assemble-rendition.ts";
import type { StaticJob } from "./downloads.ts";
import { defaultStoryboardPolicy, storyboardGrid, storyboardVtt, type StoryboardGrid, type StoryboardPolicy } from "./storyboard-index.ts";

export interface Storyboard extends StoryboardGrid {
  sprite: "storyboard.jpg";
  index: "storyboard.vtt";
  tileWidth: number;
  tileHeight: number;
}

/** Writes `storyboard.jpg` and `storyboard.vtt` from `rendition` (any rendition at least a tile wide). */
export async function writeStoryboard(job: StaticJob & { tools: FfmpegTools }, rendition: string, policy: StoryboardPolicy = defaultStoryboardPolicy): Promise<Storyboard> {
  const input = join(job.scratchDir, "storyboard-source.mp4");
  const { durationSeconds } = await assembleRendition(job.store, job.mediaId, rendition, input);
  const grid = storyboardGrid(durationSeconds, policy);
  const sprite = join(job.scratchDir, "storyboard.jpg");
  // `eof_action=pass` keeps the last keyframe, which the default rounding drops at the end of input.
  const filter = `fps=1/${grid.intervalSeconds}:eof_action=pass,scale=${policy.tileWidth}:-2,tile=${grid.columns}x${grid.rows}`;
  const result = await runTool(job.tools.ffmpeg, ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-skip_frame", "nokey", "-i", input, "-an", "-vf", filter, "-frames:v", "1", "-q:v", "5", "-f", "image2", "-update", "1", sprite]);
  if (result.exitCode !== 0) throw new TributaryError("transcode.failed", `storyboard ffmpeg failed: ${result.stderr.trim().split("\n").pop() ?? ""}`);
  const measured = (await probe(job.tools.ffprobe, sprite)).streams[0];
  if (measured?.width === undefined || measured.height === undefined) throw new TributaryError("transcode.failed", "the storyboard sprite has no picture");
  const tile = { width: Math.floor(measured.width / grid.columns), height: Math.floor(measured.height / grid.rows) };
  const cache = { cacheControl: "public, max-age=31536000, immutable" };
  await job.store.put(keys.storyboardSprite(job.mediaId), new Uint8Array(await readFile(sprite)), { contentType: "image/jpeg", ...cache });
  await job.store.put(keys.storyboardIndex(job.mediaId), storyboardVtt(grid, tile, durationSeconds), { contentType: "text/vtt", ...cache });
  return { sprite: "storyboard.jpg", index: "storyboard.vtt", ...grid, tileWidth: tile.width, tileHeight: tile.height };
}
