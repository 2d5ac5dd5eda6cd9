/**
 * Signing keys for playback tokens. `kid` is the key's JWK thumbprint (RFC 7638), so a token names
 * the exact key that signed it and keys rotate without downtime: old keys verify until removed.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import { z } from "zod";

export type SigningAlgorithm = "ES256" | "EdDSA";
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ["ES256", "EdDSA"];

const jwkSchema = z.record(z.string(), z.unknown()) as unknown as z.ZodType<JWK>;

export const signingKeySchema = z.object({
  kid: z.string().min(1).max(128),
  alg: z.enum(["ES256", "EdDSA"]),
  publicJwk: jwkSchema,
  /** Absent for keys whose private half lives elsewhere (a tenant signing offline). */
  privateJwk: jwkSchema.optional(),
  createdAt: z.string(),
  retiredAt: z.string().optional(),
});
export type SigningKey = z.infer<typeof signingKeySchema>;

export const keyringSchema = z.object({
  activeKid: z.string(),
  keys: z.array(signingKeySchema).min(1),
});
export type Keyring = z.infer<typeof keyringSchema>;

/** Generates a new extractable key pair and describes it as a `SigningKey`. */
export async function generateSigningKey(alg: SigningAlgorithm, now: Date): Promise<SigningKey> {
  const pair = await generateKeyPair(alg, { extractable: true, ...(alg === "EdDSA" ? { crv: "Ed25519" } : {}) });
  const publicJwk = await exportJWK(pair.publicKey);
  const privateJwk = await exportJWK(pair.privateKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    alg,
    publicJwk: { ...publicJwk, kid, alg, use: "sig" },
    privateJwk: { ...privateJwk, kid, alg },
    createdAt: now.toISOString(),
  };
}

/** Adds a fresh key and makes it the one that signs; earlier keys keep verifying. */
export async function rotateKeyring(keyring: Keyring | undefined, alg: SigningAlgorithm, now: Date): Promise<Keyring> {
  const key = await generateSigningKey(alg, now);
  return { activeKid: key.kid, keys: [...(keyring?.keys ?? []), key] };
}

/** Removes a key: tokens it signed stop verifying. The active key cannot be removed. */
export function removeKey(keyring: Keyring, kid: string): Keyring {
  if (kid === keyring.activeKid) throw new TypeError("cannot remove the active signing key; rotate first");
  return { ...keyring, keys: keyring.keys.filter((key) => key.kid !== kid) };
}

export function activeKey(keyring: Keyring): SigningKey {
  const key = keyring.keys.find((candidate) => candidate.kid === keyring.activeKid);
  if (!key?.privateJwk) throw new TypeError("keyring has no usable active key");
  return key;
}

/** The public JWKS for verification: never contains private members. */
export function publicJwks(keys: readonly SigningKey[]): { keys: JWK[] } {
  return { keys: keys.map((key) => ({ ...key.publicJwk, kid: key.kid, alg: key.alg, use: "sig" })) };
}
