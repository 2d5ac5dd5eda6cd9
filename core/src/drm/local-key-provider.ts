/** Content keys made here: a random key id and key per request, from the injected `Random`. */
import { cryptoRandom, type Random } from "../clock.ts";
import { CONTENT_KEY_BYTES, type ContentKey } from "./content-key.ts";
import type { KeyProvider } from "./key-provider.ts";

export function localKeyProvider(random: Random = cryptoRandom): KeyProvider {
  return {
    contentKey: (): Promise<ContentKey> => Promise.resolve({ kid: random.bytes(CONTENT_KEY_BYTES), key: random.bytes(CONTENT_KEY_BYTES) }),
  };
}
