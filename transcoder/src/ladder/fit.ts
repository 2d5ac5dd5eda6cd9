/** Picture geometry: fit a source inside a rung's box without upscaling, keeping aspect and even sizes. */

export interface Size {
  width: number;
  height: number;
}

/** Rounds to the nearest even number, at least 2 (4:2:0 chroma needs even sizes). */
export function even(n: number): number {
  return Math.max(2, 2 * Math.round(n / 2));
}

/** Largest even number not above n, at least 2. */
export function evenFloor(n: number): number {
  return Math.max(2, 2 * Math.floor(n / 2));
}

/**
 * The size `source` scales to inside `box` (box swapped for portrait sources), or null when that
 * would need upscaling.
 */
export function fitWithin(source: Size, box: Size): Size | null {
  const portrait = source.height > source.width;
  const bw = portrait ? Math.min(box.width, box.height) : Math.max(box.width, box.height);
  const bh = portrait ? Math.max(box.width, box.height) : Math.min(box.width, box.height);
  const scale = Math.min(bw / source.width, bh / source.height);
  if (scale > 1) return null;
  return {
    width: Math.min(even(source.width * scale), evenFloor(source.width)),
    height: Math.min(even(source.height * scale), evenFloor(source.height)),
  };
}

/** The frame rate at or under `maxFps` reached by dropping every n-th frame (60→30, 50→25), so motion stays even. */
export function capFps(fps: number, maxFps: number): number {
  if (fps <= maxFps) return fps;
  return fps / Math.ceil(fps / maxFps - 1e-9);
}
