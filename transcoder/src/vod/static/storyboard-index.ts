/**
 * The storyboard's layout and its WebVTT index: tile `i` covers `[i × interval, (i + 1) × interval)`
 * and sits at column `i mod columns`, row `i div columns` of the sprite. Cues point at the sprite with
 * a media fragment (`storyboard.jpg#xywh=x,y,w,h`, W3C Media Fragments §4.2.2), as players' thumbnail
 * tracks read them.
 */

export interface StoryboardPolicy {
  /** Tile width in pixels; the height keeps the picture's aspect ratio. */
  tileWidth: number;
  /** The shortest interval between tiles, seconds. */
  minIntervalSeconds: number;
  /** The interval grows past the minimum so no storyboard holds more tiles than this. */
  maxTiles: number;
  columns: number;
}

export const defaultStoryboardPolicy: StoryboardPolicy = { tileWidth: 160, minIntervalSeconds: 2, maxTiles: 100, columns: 10 };

const TAIL_SECONDS = 0.1;

export interface StoryboardGrid {
  intervalSeconds: number;
  tiles: number;
  columns: number;
  rows: number;
}

/** The grid for `durationSeconds` of media. */
export function storyboardGrid(durationSeconds: number, policy: StoryboardPolicy = defaultStoryboardPolicy): StoryboardGrid {
  if (!(durationSeconds > 0)) throw new TypeError("storyboard duration must be positive");
  const intervalSeconds = Math.max(policy.minIntervalSeconds, Math.ceil(durationSeconds / policy.maxTiles));
  // A tail shorter than a frame or two (audio running past the last picture) gets no tile of its own.
  const tiles = Math.max(1, Math.ceil((durationSeconds - TAIL_SECONDS) / intervalSeconds));
  const columns = Math.min(policy.columns, tiles);
  return { intervalSeconds, tiles, columns, rows: Math.ceil(tiles / columns) };
}

/** The WebVTT index of a sprite laid out as `grid` with tiles of `tileWidth` × `tileHeight`. */
export function storyboardVtt(grid: StoryboardGrid, tile: { width: number; height: number }, durationSeconds: number, sprite = "storyboard.jpg"): string {
  const lines = ["WEBVTT", ""];
  for (let i = 0; i < grid.tiles; i++) {
    const start = i * grid.intervalSeconds;
    const end = i === grid.tiles - 1 ? durationSeconds : (i + 1) * grid.intervalSeconds;
    const x = (i % grid.columns) * tile.width;
    const y = Math.floor(i / grid.columns) * tile.height;
    lines.push(`${vttTime(start)} --> ${vttTime(end)}`, `${sprite}#xywh=${x},${y},${tile.width},${tile.height}`, "");
  }
  return lines.join("\n");
}

/** `hh:mm:ss.ttt` (WebVTT §4.3 timestamps). */
function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}
