/** The MediaEncryptor of each scheme the packager implements, one per rendition. */
import { aes128Encryptor } from "./aes-128.ts";
import { createCommonEncryptor } from "./encryptor-factory.ts";
import type { EncryptionScheme, MediaEncryptor } from "./media-encryptor.ts";

/**
 * A MediaEncryptor for one rendition: `cenc` and `cbcs` keep the track their last header described
 * (NAL length size, parameter sets), so renditions never share one; `aes-128` keeps nothing.
 */
export function encryptorFor(scheme: EncryptionScheme): MediaEncryptor {
  return scheme === "aes-128" ? aes128Encryptor : createCommonEncryptor(scheme);
}
