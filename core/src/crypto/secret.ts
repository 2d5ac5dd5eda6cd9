/**
 * High-entropy secrets (stream keys, API keys): 128 random bits shown once, only a SHA-256 hash kept.
 * A fast hash is right here: the secret is random, so there is nothing to brute-force from the hash.
 */
import { cryptoRandom, type Random } from "../clock.ts";
import { base64url, hex, sha256, timingSafeEqual } from "./bytes.ts";

export interface IssuedSecret {
  /** The secret itself, to show to its owner once. */
  secret: string;
  /** `sha256:<hex>`, the only form that is stored. */
  hash: string;
}

/** Makes a secret of 128 random bits with an optional readable prefix, e.g. `sk_…`. */
export async function issueSecret(prefix = "", random: Random = cryptoRandom): Promise<IssuedSecret> {
  const secret = prefix + base64url(random.bytes(16));
  return { secret, hash: await hashSecret(secret) };
}

export async function hashSecret(secret: string): Promise<string> {
  return `sha256:${hex(await sha256(secret))}`;
}

/** Checks a presented secret against a stored hash in constant time. */
export async function verifySecret(presented: string, storedHash: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const candidate = await hashSecret(presented.slice(0, 256));
  return timingSafeEqual(encoder.encode(candidate), encoder.encode(storedHash));
}
