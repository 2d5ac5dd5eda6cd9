/**
 * A Worker that asks a SPEKE key provider for one key with the platform's KeyProvider, for the workerd
 * test: `POST /` with `{ config, request }` (an opened SpekeProviderConfig and a KeyRequest) answers
 * `{ kid, key, pssh, systems }` in hex, or `{ error: { code, reason, message } }`.
 */
import { isTributaryError } from "#core/errors.ts";
import type { KeyRequest } from "#core/drm/key-provider.ts";
import type { SpekeProviderConfig } from "#core/drm/speke/speke-config.ts";
import { SpekeKeyProvider } from "#core/drm/speke/speke-key-provider.ts";

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

export default {
  async fetch(request: Request): Promise<Response> {
    const { config, keyRequest } = (await request.json()) as { config: SpekeProviderConfig; keyRequest: KeyRequest };
    const provider = new SpekeKeyProvider({ config: async () => config }, { userAgent: "Tributary/workerd" });
    try {
      const key = await provider.contentKey(keyRequest);
      return Response.json({ kid: hex(key.kid), key: hex(key.key), pssh: (key.pssh ?? []).map(hex), systems: key.signaling.map((s) => s.system) });
    } catch (error) {
      if (!isTributaryError(error)) throw error;
      return Response.json({ error: { code: error.code, reason: error.details?.["reason"], message: error.message } });
    }
  },
};
