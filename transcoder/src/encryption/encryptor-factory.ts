/** The common-encryption schemes by name, for the packager's per-rendition encryptor. */
import type { Random } from "#core/clock.ts";
import { createCbcsEncryptor } from "./cbcs-encryptor.ts";
import { createCencEncryptor } from "./cenc-encryptor.ts";
import type { MediaEncryptor } from "./media-encryptor.ts";

export interface CommonEncryptorOptions {
  /** IV randomness for `cenc` (default: the platform's CSPRNG). */
  random?: Random;
}

/**
 * A fresh encryptor for one rendition; call `init` with each header before the fragments it decodes.
 * @example
 * const encryptor = createCommonEncryptor("cenc");
 * const init = encryptor.init(clearInit, key);
 * const segment = encryptor.fragment(clearSegment, key, sequence);
 */
export function createCommonEncryptor(scheme: "cenc" | "cbcs", options: CommonEncryptorOptions = {}): MediaEncryptor {
  return scheme === "cenc" ? createCencEncryptor(options.random === undefined ? {} : { random: options.random }) : createCbcsEncryptor();
}
