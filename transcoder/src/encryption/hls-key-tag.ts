/** The EXT-X-KEY a scheme's segments are listed under, pointing at the edge's key URL for the key. */
import { hex } from "#core/crypto/bytes.ts";
import { kidHex, type ContentKey, type EncryptionScheme } from "#core/drm/content-key.ts";
import { HLS_KEYFORMAT } from "../hls/sample-encryption-keys.ts";
import type { PlanKey } from "../playlist/plan.ts";

/** The key's edge path without a token; the edge's manifest rewrite makes it `/k/<token>/<mediaId>/<kid>`. */
export function keyPath(mediaId: string, key: ContentKey): string {
  return `/k/${mediaId}/${kidHex(key.kid)}`;
}

export function hlsKeyTag(scheme: EncryptionScheme, mediaId: string, key: ContentKey): PlanKey {
  const iv = key.iv === undefined ? {} : { iv: hex(key.iv) };
  // RFC 8216bis §4.4.4.4: SAMPLE-AES is the cbcs scheme over fMP4, SAMPLE-AES-CTR the cenc scheme. The
  // ClearKey key format sends an EME player (hls.js, Shaka) to its license URL for the KEYID; the IV
  // is in each header's tenc, not here.
  if (scheme === "cbcs" || scheme === "cenc") {
    return { method: scheme === "cbcs" ? "SAMPLE-AES" : "SAMPLE-AES-CTR", uri: keyPath(mediaId, key), keyId: kidHex(key.kid), keyFormat: HLS_KEYFORMAT.clearKey, keyFormatVersions: "1" };
  }
  return { method: "AES-128", uri: keyPath(mediaId, key), ...iv };
}
