/**
 * The master key content keys are sealed under at rest. Operators hold a master secret (config
 * `drm.masterKey` locally, a Secrets Manager secret on AWS, a Workers secret on the edge); the
 * AES-256-GCM key is derived from it with HKDF-SHA256 (RFC 5869), so any high-entropy string of 32+
 * characters works, including the ones Secrets Manager generates. WebCrypto only: the edge on
 * Workers derives the same key.
 */
import { TributaryError } from "../errors.ts";
import { hex, sha256 } from "../crypto/bytes.ts";

/** Shortest master secret accepted: 32 characters of a generated secret carry well over 128 bits. */
export const MIN_MASTER_SECRET_LENGTH = 32;

const HKDF_INFO = new TextEncoder().encode("tributary content-key master v1");

export interface MasterKey {
  /** Non-extractable AES-256-GCM key. */
  readonly key: CryptoKey;
  /** First 8 hex digits of SHA-256 over the derived key's purpose and secret: names which master sealed a key, reveals nothing. */
  readonly id: string;
}

/** Derives the master key from the operator's secret; throws `config.invalid` for a short one. */
export async function importMasterKey(secret: string): Promise<MasterKey> {
  if (secret.length < MIN_MASTER_SECRET_LENGTH) {
    throw new TributaryError("config.invalid", `the content-key master secret must be at least ${MIN_MASTER_SECRET_LENGTH} characters`);
  }
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "HKDF", false, ["deriveKey"]);
  const key = await crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(32), info: HKDF_INFO },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
  const fingerprint = await sha256(`tributary master id\n${secret}`);
  return { key, id: hex(fingerprint.subarray(0, 4)) };
}
