/**
 * What a VOD job derives from the packaged ladder once it is stored: the downloads and the storyboard.
 * Either failing leaves the asset playable without it (the failure is logged), never unplayable.
 */
import type { Ladder } from "#core/ladder/types.ts";
import type { Logger } from "#core-node/logger.ts";
import type { FfmpegTools } from "../../ffmpeg/locate.ts";
import { writeDownloads, type DownloadFile, type StaticJob } from "./downloads.ts";
import { writeStoryboard, type Storyboard } from "./storyboard.ts";

export interface StaticOutputs {
  downloads: DownloadFile[];
  storyboard: Storyboard | undefined;
}

export async function writeStaticOutputs(job: StaticJob & { tools: FfmpegTools; log?: Logger | undefined }, ladder: Ladder): Promise<StaticOutputs> {
  const top = ladder.video[0]?.name;
  // The smallest rendition is wide enough for 160 px tiles and cheapest to decode.
  const smallest = ladder.video[ladder.video.length - 1]?.name;
  if (top === undefined || smallest === undefined) return { downloads: [], storyboard: undefined };
  const warn = (what: string) => (error: unknown) => {
    job.log?.warn({ err: error, mediaId: job.mediaId }, `${what} not written`);
    return undefined;
  };
  const downloads = (await writeDownloads(job, top, ladder.audio?.name).catch(warn("downloads"))) ?? [];
  const storyboard = await writeStoryboard(job, smallest).catch(warn("storyboard"));
  return { downloads, storyboard };
}
