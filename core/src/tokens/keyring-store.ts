/**
 * The platform keyring lives at `system/signing-keys.json`, outside every served prefix. The first
 * start creates it; concurrent first starts agree on one keyring through a create-only put.
 */
import type { JWK } from "jose";
import { isTributaryError } from "../errors.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { keys } from "../storage/keys.ts";
import { keyringSchema, publicJwks, rotateKeyring, type Keyring, type SigningAlgorithm } from "./signing-keys.ts";

const KEYRING_KEY = keys.system("signing-keys");

export async function loadKeyring(store: ObjectStore): Promise<Keyring | undefined> {
  const object = await store.get(KEYRING_KEY);
  if (!object) return undefined;
  return keyringSchema.parse(JSON.parse(await new Response(object.body).text()));
}

/** Returns the keyring, generating one on first use. */
export async function ensureKeyring(store: ObjectStore, alg: SigningAlgorithm = "ES256", now = new Date()): Promise<Keyring> {
  const existing = await loadKeyring(store);
  if (existing) return existing;
  const created = await rotateKeyring(undefined, alg, now);
  try {
    await store.put(KEYRING_KEY, JSON.stringify(created), { ifNoneMatch: "*", contentType: "application/json", cacheControl: "no-store" });
    return created;
  } catch (error) {
    if (!isTributaryError(error, "storage.precondition_failed")) throw error;
    const winner = await loadKeyring(store);
    if (!winner) throw error;
    return winner;
  }
}

export async function saveKeyring(store: ObjectStore, keyring: Keyring): Promise<void> {
  await store.put(KEYRING_KEY, JSON.stringify(keyringSchema.parse(keyring)), { contentType: "application/json", cacheControl: "no-store" });
}

/** Where the edge gets verification keys: the public half only. */
export interface PlaybackKeys {
  jwks(): Promise<{ keys: JWK[] }>;
}

/** Public keys from storage, re-read at most every `ttlMs` so rotations reach the edge quickly. */
export function storedPlaybackKeys(store: ObjectStore, ttlMs = 30_000, now: () => number = Date.now): PlaybackKeys {
  let cached: { at: number; jwks: { keys: JWK[] } } | undefined;
  return {
    async jwks() {
      if (cached && now() - cached.at < ttlMs) return cached.jwks;
      const keyring = await loadKeyring(store);
      cached = { at: now(), jwks: publicJwks(keyring?.keys ?? []) };
      return cached.jwks;
    },
  };
}

/** A fixed public JWKS, e.g. from a Workers secret. */
export function staticPlaybackKeys(jwks: { keys: JWK[] }): PlaybackKeys {
  return { jwks: async () => jwks };
}
