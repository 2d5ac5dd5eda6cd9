/** Rewrites an HLS playlist (multivariant or media) for one viewer; unchanged lines stay byte-exact. */
import type { AbrCaps } from "../tokens/claims.ts";
import type { ClipRange } from "./clip-range.ts";
import { carryClip, clipMediaPlaylist, isMediaPlaylist } from "./hls-clip.ts";
import { parseHlsLines, serializeHlsLines, type HlsLine } from "./hls-lines.ts";
import { rewriteHlsUris } from "./hls-uris.ts";
import { applyVariantPlan } from "./hls-variants.ts";
import type { UriContext } from "./uri-token.ts";
import type { ClientSignals, VariantPolicy } from "./variant-policy.ts";

export interface ManifestRewriteOptions {
  uri: UriContext;
  caps?: AbrCaps | undefined;
  signals?: ClientSignals | undefined;
  policy?: VariantPolicy | undefined;
  /** An instant clip: media playlists are cut to it; `carry` puts it on a multivariant playlist's URIs. */
  clip?: { range: ClipRange; carry: boolean } | undefined;
}

/**
 * @example rewriteHlsPlaylist(text, { uri: { mediaId, token, targetToken: token, directory: "" }, caps: { maxHeight: 720 } })
 */
export function rewriteHlsPlaylist(text: string, options: ManifestRewriteOptions): string {
  const lines = rewriteHlsUris(clipped(parseHlsLines(text), options.clip), options.uri);
  return serializeHlsLines(applyVariantPlan(lines, options.caps, options.signals ?? {}, options.policy));
}

function clipped(lines: HlsLine[], clip: ManifestRewriteOptions["clip"]): HlsLine[] {
  if (clip === undefined) return lines;
  if (isMediaPlaylist(lines)) return clipMediaPlaylist(lines, clip.range);
  return clip.carry ? carryClip(lines, clip.range) : lines;
}
