/** Content types and cache policy for what the edge serves. */

const TYPES: Record<string, string> = {
  m3u8: "application/vnd.apple.mpegurl",
  mpd: "application/dash+xml",
  mp4: "video/mp4",
  m4s: "video/iso.segment",
  m4a: "audio/mp4",
  ts: "video/mp2t",
  vtt: "text/vtt",
  jpg: "image/jpeg",
  webp: "image/webp",
  json: "application/json",
};

export function contentTypeFor(path: string): string {
  const extension = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return TYPES[extension] ?? "application/octet-stream";
}

export type PlaylistState = "live" | "final";

/**
 * Segments and init segments never change once written (a new init gets a new name), so they are
 * immutable. Live manifests change every part or segment; finished ones change rarely.
 */
export function cacheControlFor(path: string, playlist: PlaylistState = "live"): string {
  if (/\.(m3u8|mpd)$/.test(path)) return playlist === "live" ? "no-cache, no-store" : "public, max-age=60";
  if (/\.(m4s|mp4|m4a|ts)$/.test(path)) return "public, max-age=31536000, immutable";
  return "public, max-age=60";
}
