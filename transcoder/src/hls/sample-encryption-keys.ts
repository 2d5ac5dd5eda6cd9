/**
 * EXT-X-KEY tags for common-encryption fMP4 media playlists (RFC 8216bis §4.4.4.4, §5.4):
 * `cbcs` is METHOD=SAMPLE-AES, and `cenc` is METHOD=SAMPLE-AES-CTR, the method the HLS spec names for
 * the `cenc` scheme (Apple players do not decrypt it; EME players such as hls.js and Shaka do).
 * One tag per key system: ClearKey pointing at the license URL, FairPlay (`skd://`) for `cbcs`, and
 * Widevine/PlayReady with their `pssh` data from the key provider. KEYID lets a player match keys.
 */
import { parsePssh } from "../boxes/pssh.ts";
import { readChildren } from "../boxes/children.ts";
import { attributes, quoted } from "./format.ts";

/** KEYFORMAT values players map to EME key systems. */
export const HLS_KEYFORMAT = {
  clearKey: "org.w3.clearkey",
  fairPlay: "com.apple.streamingkeydelivery",
  widevine: "urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed",
  playReady: "com.microsoft.playready",
} as const;

const SYSTEM_IDS = { widevine: "edef8ba979d64acea3c827dcd51d21ed", playReady: "9a04f07998404286ab92e65be0885f95" } as const;

export interface SampleEncryptionKeyOptions {
  scheme: "cenc" | "cbcs";
  kid: Uint8Array;
  /** The ClearKey license URL (the edge's key endpoint); omit for no ClearKey tag. */
  clearKeyUri?: string;
  /** A FairPlay key URI (`skd://...`), `cbcs` only. */
  fairPlayUri?: string;
  /** DRM system `pssh` boxes from the key provider, whole boxes; Widevine and PlayReady get tags. */
  pssh?: readonly Uint8Array[];
}

const hexOf = (b: Uint8Array) => Buffer.from(b).toString("hex");

/**
 * The EXT-X-KEY lines, in a fixed order (ClearKey, FairPlay, Widevine, PlayReady), to put before the
 * first segment they apply to.
 * @example sampleEncryptionKeyTags({ scheme: "cbcs", kid, clearKeyUri: "https://edge.example/k/<token>/<id>/<kid>" })
 */
export function sampleEncryptionKeyTags(options: SampleEncryptionKeyOptions): string[] {
  const method = options.scheme === "cbcs" ? "SAMPLE-AES" : "SAMPLE-AES-CTR";
  const keyId = `0x${hexOf(options.kid)}`;
  const tag = (uri: string, keyformat: string) => `#EXT-X-KEY:${attributes([["METHOD", method], ["URI", quoted(uri)], ["KEYID", keyId], ["KEYFORMAT", quoted(keyformat)], ["KEYFORMATVERSIONS", quoted("1")]])}`;
  const lines: string[] = [];
  if (options.clearKeyUri !== undefined) lines.push(tag(options.clearKeyUri, HLS_KEYFORMAT.clearKey));
  if (options.fairPlayUri !== undefined) {
    if (options.scheme !== "cbcs") throw new TypeError("FairPlay needs the cbcs scheme");
    lines.push(tag(options.fairPlayUri, HLS_KEYFORMAT.fairPlay));
  }
  for (const box of options.pssh ?? []) {
    const pssh = readChildren(box)[0];
    if (pssh?.type !== "pssh") throw new TypeError("a DRM system header must be a pssh box");
    const parsed = parsePssh(pssh.payload);
    const system = hexOf(parsed.SystemID);
    // Widevine takes the whole pssh box; PlayReady its PlayReady Object (the pssh data), UTF-16 by definition.
    if (system === SYSTEM_IDS.widevine) lines.push(tag(`data:text/plain;base64,${Buffer.from(box).toString("base64")}`, HLS_KEYFORMAT.widevine));
    else if (system === SYSTEM_IDS.playReady) lines.push(tag(`data:text/plain;charset=UTF-16;base64,${Buffer.from(parsed.Data).toString("base64")}`, HLS_KEYFORMAT.playReady));
  }
  return lines;
}
