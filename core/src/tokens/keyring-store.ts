/**
 * The platform keyring lives at `system/signing-keys.json`, outside every served prefix. The first
 * start creates it; concurrent first starts agree on one keyring through a create-only put.
 *
 * Storage is the single source of truth for keys. Its public half is published beside it at
 * `system/playback-jwks.json` whenever the keyring is created or saved, so an edge verifies tokens
 * with read access to that one object and never sees a private key.
 */
import type { JWK } from "jose";
import { z } from "zod";
import { isTributaryError } from "../errors.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { keys } from "../storage/keys.ts";
import { keyringSchema, publicJwks, rotateKeyring, type Keyring, type SigningAlgorithm } from "./signing-keys.ts";

const KEYRING_KEY = keys.system("signing-keys");
/** The public JWKS of the platform keyring: what every edge reads. */
export const PLAYBACK_JWKS_KEY = keys.system("playback-jwks");

/** JWK members that carry private key material (RFC 7517 §4, RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
const PRIVATE_MEMBERS = new Set(["d", "p", "q", "dp", "dq", "qi", "oth", "k"]);

/** A JWKS as published: public keys only. A private member anywhere makes the whole object invalid. */
export const publicJwksSchema = z.object({
  keys: z.array(
    z.record(z.string(), z.unknown()).refine((jwk) => Object.keys(jwk).every((member) => !PRIVATE_MEMBERS.has(member)), "a published key must not carry private members"),
  ),
}) as unknown as z.ZodType<{ keys: JWK[] }>;

export async function loadKeyring(store: ObjectStore): Promise<Keyring | undefined> {
  const object = await store.get(KEYRING_KEY);
  if (!object) return undefined;
  return keyringSchema.parse(JSON.parse(await new Response(object.body).text()));
}

/**
 * Returns the keyring, generating one on first use, and makes sure its public JWKS is published
 * (the process that created it may have stopped between the two writes).
 */
export async function ensureKeyring(store: ObjectStore, alg: SigningAlgorithm = "ES256", now = new Date()): Promise<Keyring> {
  const keyring = (await loadKeyring(store)) ?? (await createKeyring(store, alg, now));
  await publishPlaybackJwks(store, keyring);
  return keyring;
}

async function createKeyring(store: ObjectStore, alg: SigningAlgorithm, now: Date): Promise<Keyring> {
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

/**
 * Saves a rotated or pruned keyring. The public JWKS goes first, so an edge may learn a new key before
 * anything is signed with it, never after.
 */
export async function saveKeyring(store: ObjectStore, keyring: Keyring): Promise<void> {
  const valid = keyringSchema.parse(keyring);
  await publishPlaybackJwks(store, valid);
  await store.put(KEYRING_KEY, JSON.stringify(valid), { contentType: "application/json", cacheControl: "no-store" });
}

/** Writes `system/playback-jwks.json` for `keyring` unless it already says exactly that. */
export async function publishPlaybackJwks(store: ObjectStore, keyring: Keyring): Promise<void> {
  const body = JSON.stringify(publicJwksSchema.parse(publicJwks(keyring.keys)));
  const current = await store.get(PLAYBACK_JWKS_KEY);
  if (current !== undefined && (await new Response(current.body).text()) === body) return;
  await store.put(PLAYBACK_JWKS_KEY, body, { contentType: "application/json", cacheControl: "no-store" });
}

/** The published public JWKS, or `undefined` before any keyring exists. */
export async function loadPlaybackJwks(store: Pick<ObjectStore, "get">): Promise<{ keys: JWK[] } | undefined> {
  const object = await store.get(PLAYBACK_JWKS_KEY);
  if (!object) return undefined;
  return publicJwksSchema.parse(JSON.parse(await new Response(object.body).text()));
}

/** Where the edge gets verification keys: the public half only. */
export interface PlaybackKeys {
  jwks(): Promise<{ keys: JWK[] }>;
}

/**
 * Public keys from `system/playback-jwks.json` (read access to that object is all an edge needs),
 * re-read at most every `ttlMs` so rotations reach the edge quickly.
 * @example storedPlaybackKeys(new R2ObjectStore(env.MEDIA), 30_000)
 */
export function storedPlaybackKeys(store: Pick<ObjectStore, "get">, ttlMs = 30_000, now: () => number = Date.now): PlaybackKeys {
  let cached: { at: number; jwks: { keys: JWK[] } } | undefined;
  return {
    async jwks() {
      if (cached && now() - cached.at < ttlMs) return cached.jwks;
      cached = { at: now(), jwks: (await loadPlaybackJwks(store)) ?? { keys: [] } };
      return cached.jwks;
    },
  };
}

/** A fixed public JWKS, e.g. from a Workers secret. */
export function staticPlaybackKeys(jwks: { keys: JWK[] }): PlaybackKeys {
  return { jwks: async () => jwks };
}
