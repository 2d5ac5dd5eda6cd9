/** The EXT-X-KEY a scheme's segments are listed under, pointing at the edge's key URL for the key. */
import { hex } from "#core/crypto/bytes.ts";
import { kidHex, type ContentKey, type EncryptionScheme } from "#core/drm/content-key.ts";
import type { PlanKey } from "../playlist/plan.ts";

/** The key's edge path without a token; the edge's manifest rewrite makes it `/k/<token>/<mediaId>/<kid>`. */
export function keyPath(mediaId: string, key: ContentKey): string {
  return `/k/${mediaId}/${kidHex(key.kid)}`;
}

export function hlsKeyTag(scheme: EncryptionScheme, mediaId: string, key: ContentKey): PlanKey {
  const iv = key.iv === undefined ? {} : { iv: hex(key.iv) };
  // cbcs is HLS SAMPLE-AES over CMAF (RFC 8216bis §5.4); this tag delivers a ClearKey-style identity key.
  if (scheme === "cbcs" || scheme === "cenc") return { method: "SAMPLE-AES", uri: keyPath(mediaId, key), keyFormat: "identity", ...iv };
  return { method: "AES-128", uri: keyPath(mediaId, key), ...iv };
}
