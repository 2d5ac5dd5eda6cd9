/** The MediaEncryptor of each scheme the packager implements. */
import { TributaryError } from "#core/errors.ts";
import { aes128Encryptor } from "./aes-128.ts";
import type { EncryptionScheme, MediaEncryptor } from "./media-encryptor.ts";

const ENCRYPTORS: Partial<Record<EncryptionScheme, MediaEncryptor>> = { "aes-128": aes128Encryptor };

/** Throws a fatal `transcode.failed` for a scheme without an encryptor: media is never packaged clear by mistake. */
export function encryptorFor(scheme: EncryptionScheme): MediaEncryptor {
  const encryptor = ENCRYPTORS[scheme];
  if (encryptor === undefined) throw new TributaryError("transcode.failed", `the packager cannot encrypt with ${scheme} yet`, { fatal: true, details: { scheme } });
  return encryptor;
}
