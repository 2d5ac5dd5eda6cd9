/** The `-filter_complex` graph: decode once, normalise, split N ways, scale per rung. */
import type { Ladder } from "../ladder/types.ts";
import { formatFrameRate } from "./rate.ts";

export interface FilterGraph {
  /** Value for `-filter_complex`. */
  graph: string;
  /** Output label per transcoded rung, in `ladder.video` order, e.g. "[v0]". */
  labels: string[];
}

/**
 * `fps` makes timestamps constant-rate so every rung's GOP lands on the same frames; `format`
 * gives x264 8-bit 4:2:0 whatever the source was.
 * @example filterGraph(ladder).graph // "[0:v:0]fps=30,format=yuv420p,split=2[s0][s1];[s0]scale=640:360,setsar=1[v0];..."
 */
export function filterGraph(ladder: Ladder): FilterGraph {
  const n = ladder.video.length;
  const splits = ladder.video.map((_, i) => `[s${i}]`).join("");
  const head = `[0:v:0]fps=${formatFrameRate(ladder.fps)},format=yuv420p,split=${n}${splits}`;
  const labels = ladder.video.map((_, i) => `[v${i}]`);
  const scales = ladder.video.map((r, i) => `[s${i}]scale=${r.width}:${r.height},setsar=1${labels[i]}`);
  return { graph: [head, ...scales].join(";"), labels };
}
