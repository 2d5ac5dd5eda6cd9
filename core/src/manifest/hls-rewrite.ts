/** Rewrites an HLS playlist (multivariant or media) for one viewer; unchanged lines stay byte-exact. */
import type { AbrCaps } from "../tokens/claims.ts";
import { parseHlsLines, serializeHlsLines } from "./hls-lines.ts";
import { rewriteHlsUris } from "./hls-uris.ts";
import { applyVariantPlan } from "./hls-variants.ts";
import type { UriContext } from "./uri-token.ts";
import type { ClientSignals, VariantPolicy } from "./variant-policy.ts";

export interface ManifestRewriteOptions {
  uri: UriContext;
  caps?: AbrCaps | undefined;
  signals?: ClientSignals | undefined;
  policy?: VariantPolicy | undefined;
}

/**
 * @example rewriteHlsPlaylist(text, { uri: { mediaId, token, targetToken: token, directory: "" }, caps: { maxHeight: 720 } })
 */
export function rewriteHlsPlaylist(text: string, options: ManifestRewriteOptions): string {
  const lines = rewriteHlsUris(parseHlsLines(text), options.uri);
  return serializeHlsLines(applyVariantPlan(lines, options.caps, options.signals ?? {}, options.policy));
}
