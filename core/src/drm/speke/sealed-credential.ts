/**
 * A tenant's SPEKE credentials at rest: AES-256-GCM under the platform's master key (the one content
 * keys are sealed under), with the tenant id and the credential's purpose as additional data, so a
 * sealed value copied into another tenant's config does not open. WebCrypto only.
 */
import { z } from "zod";
import { base64url } from "../../crypto/bytes.ts";
import { TributaryError } from "../../errors.ts";

/** The master key as the sealing code needs it (structurally the content-key master key). */
export interface SealingKey {
  /** AES-256-GCM, usable for encrypt and decrypt. */
  readonly key: CryptoKey;
  /** Names which master sealed a value; reveals nothing about it. */
  readonly id: string;
}

export const sealedCredentialSchema = z
  .object({
    alg: z.literal("A256GCM"),
    master: z.string().regex(/^[0-9a-f]{8}$/),
    iv: z.string().regex(/^[A-Za-z0-9_-]{16}$/),
    /** The credential and the 16-byte GCM tag; at most 4 KiB of credential. */
    ciphertext: z.string().regex(/^[A-Za-z0-9_-]{22,5500}$/),
  })
  .strict();
export type SealedCredential = z.infer<typeof sealedCredentialSchema>;

function additionalData(tenantId: string, purpose: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`tributary speke credential v1\n${tenantId}\n${purpose}`);
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0));
}

export async function sealCredential(master: SealingKey, tenantId: string, purpose: string, secret: string): Promise<SealedCredential> {
  const clear = new TextEncoder().encode(secret);
  if (clear.byteLength > 4096) throw new TypeError("a SPEKE credential is at most 4 KiB");
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: additionalData(tenantId, purpose) }, master.key, clear);
  return { alg: "A256GCM", master: master.id, iv: base64url(iv), ciphertext: base64url(new Uint8Array(sealed)) };
}

/** Opens a sealed credential; throws `drm.unseal_failed` when it was sealed for another tenant or purpose, or under another master. */
export async function openCredential(master: SealingKey, tenantId: string, purpose: string, sealed: SealedCredential): Promise<string> {
  try {
    const clear = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64url(sealed.iv), additionalData: additionalData(tenantId, purpose) }, master.key, fromBase64url(sealed.ciphertext));
    return new TextDecoder().decode(clear);
  } catch (error) {
    throw new TributaryError("drm.unseal_failed", "a sealed SPEKE credential did not open under the master key", { details: { master: sealed.master }, cause: error });
  }
}
