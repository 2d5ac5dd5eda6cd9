/** The packager's view of a ladder: one rendition per rung plus the shared audio. */
import type { RenditionConfig } from "../cmaf/package-model.ts";
import type { Ladder } from "#core/ladder/types.ts";

export function renditionConfigs(ladder: Ladder): RenditionConfig[] {
  const configs: RenditionConfig[] = [];
  if (ladder.passthrough) {
    const source = ladder.passthrough;
    configs.push({ name: source.name, kind: "video", bandwidth: source.bitrate ?? 6_000_000, frameRate: source.fps });
  }
  for (const rung of ladder.video) configs.push({ name: rung.name, kind: "video", bandwidth: rung.maxrate, frameRate: ladder.fps });
  if (ladder.audio) configs.push({ name: ladder.audio.name, kind: "audio", bandwidth: ladder.audio.bitrate });
  return configs;
}
