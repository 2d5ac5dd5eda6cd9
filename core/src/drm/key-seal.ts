/**
 * Content keys at rest: AES-256-GCM under the master key, with the media id and key id as additional
 * data, so a sealed key opens only where it was sealed (a blob copied under another media or kid
 * fails to open). A fresh 96-bit random nonce per seal (NIST SP 800-38D §8.2.2).
 */
import { z } from "zod";
import { TributaryError } from "../errors.ts";
import { base64url, fromBase64url } from "../crypto/bytes.ts";
import { CONTENT_KEY_BYTES } from "./content-key.ts";
import type { MasterKey } from "./master-key.ts";

export const sealedKeySchema = z
  .object({
    alg: z.literal("A256GCM"),
    /** Which master key sealed it (master-key.ts `id`). */
    master: z.string().regex(/^[0-9a-f]{8}$/),
    iv: z.string().regex(/^[A-Za-z0-9_-]{16}$/),
    /** The 16-byte key and the 16-byte GCM tag. */
    ciphertext: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  })
  .strict();
export type SealedKey = z.infer<typeof sealedKeySchema>;

function additionalData(mediaId: string, kidHex: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`tributary content key v1\n${mediaId}\n${kidHex}`);
}

export async function sealKey(master: MasterKey, key: Uint8Array, mediaId: string, kidHex: string): Promise<SealedKey> {
  if (key.byteLength !== CONTENT_KEY_BYTES) throw new TypeError("a content key is 16 bytes");
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: additionalData(mediaId, kidHex) }, master.key, key as Uint8Array<ArrayBuffer>);
  return { alg: "A256GCM", master: master.id, iv: base64url(iv), ciphertext: base64url(new Uint8Array(sealed)) };
}

/** Opens a sealed key; throws `drm.unseal_failed` when it was sealed elsewhere or under another master. */
export async function unsealKey(master: MasterKey, sealed: SealedKey, mediaId: string, kidHex: string): Promise<Uint8Array> {
  try {
    const clear = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64url(sealed.iv), additionalData: additionalData(mediaId, kidHex) }, master.key, fromBase64url(sealed.ciphertext));
    return new Uint8Array(clear);
  } catch (error) {
    throw new TributaryError("drm.unseal_failed", "a stored content key did not open under the master key", { details: { master: sealed.master }, cause: error });
  }
}
