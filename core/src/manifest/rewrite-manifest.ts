/** Picks the rewriter for a manifest by its name: `.m3u8` (HLS) or `.mpd` (DASH). */
import { TributaryError } from "../errors.ts";
import { rewriteMpd } from "./dash-rewrite.ts";
import { rewriteHlsPlaylist, type ManifestRewriteOptions } from "./hls-rewrite.ts";

export type { ManifestRewriteOptions } from "./hls-rewrite.ts";

export function isManifestPath(path: string): boolean {
  return path.endsWith(".m3u8") || path.endsWith(".mpd");
}

export function rewriteManifest(path: string, text: string, options: ManifestRewriteOptions): string {
  if (path.endsWith(".mpd")) {
    if (options.clip !== undefined) throw new TributaryError("request.invalid", "clips are served as HLS only; request master.m3u8", { details: { reason: "clip", parameter: "clipStart" } });
    return rewriteMpd(text, options);
  }
  if (path.endsWith(".m3u8")) return rewriteHlsPlaylist(text, options);
  throw new TypeError(`not a manifest path: ${path}`);
}
