/** The `-filter_complex` graph: decode once, normalise, split N ways, scale per rung. */
import type { Ladder } from "#core/ladder/types.ts";
import { formatFrameRate } from "./rate.ts";

export interface FilterGraph {
  /** Value for `-filter_complex`. */
  graph: string;
  /** Output label per transcoded rung, in `ladder.video` order, e.g. "[v0]". */
  labels: string[];
}

/** A picture size, pixels. */
export interface PictureSize {
  width: number;
  height: number;
}

/**
 * `fps` makes timestamps constant-rate so every rung's GOP lands on the same frames; `format`
 * gives x264 8-bit 4:2:0 whatever the source was. With the `source` size, a rung larger than the
 * source is scaled down to fit it instead of up (a returning publisher with a smaller picture).
 * @example filterGraph(ladder).graph // "[0:v:0]fps=30,format=yuv420p,split=2[s0][s1];[s0]scale=640:360,setsar=1[v0];..."
 */
export function filterGraph(ladder: Ladder, source?: PictureSize): FilterGraph {
  const n = ladder.video.length;
  const splits = ladder.video.map((_, i) => `[s${i}]`).join("");
  const head = `[0:v:0]fps=${formatFrameRate(ladder.fps)},format=yuv420p,split=${n}${splits}`;
  const labels = ladder.video.map((_, i) => `[v${i}]`);
  const scales = ladder.video.map((r, i) => {
    const size = source === undefined ? r : fitWithin(r, source);
    return `[s${i}]scale=${size.width}:${size.height},setsar=1${labels[i]}`;
  });
  return { graph: [head, ...scales].join(";"), labels };
}

/** `rung` scaled by the largest factor ≤ 1 that fits it in `source`, with even sides (4:2:0). */
export function fitWithin(rung: PictureSize, source: PictureSize): PictureSize {
  const factor = Math.min(1, source.width / rung.width, source.height / rung.height);
  if (factor === 1) return { width: rung.width, height: rung.height };
  const even = (n: number) => Math.max(2, 2 * Math.round(n / 2));
  return { width: even(rung.width * factor), height: even(rung.height * factor) };
}
