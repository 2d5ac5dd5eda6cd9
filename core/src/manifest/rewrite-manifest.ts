/** Picks the rewriter for a manifest by its name: `.m3u8` (HLS) or `.mpd` (DASH). */
import { clipMpd } from "./dash-clip.ts";
import { rewriteMpd } from "./dash-rewrite.ts";
import { rewriteHlsPlaylist, type ManifestRewriteOptions } from "./hls-rewrite.ts";

export type { ManifestRewriteOptions } from "./hls-rewrite.ts";

export function isManifestPath(path: string): boolean {
  return path.endsWith(".m3u8") || path.endsWith(".mpd");
}

export function rewriteManifest(path: string, text: string, options: ManifestRewriteOptions): string {
  if (path.endsWith(".mpd")) return rewriteMpd(options.clip === undefined ? text : clipMpd(text, options.clip.range), options);
  if (path.endsWith(".m3u8")) return rewriteHlsPlaylist(text, options);
  throw new TypeError(`not a manifest path: ${path}`);
}
