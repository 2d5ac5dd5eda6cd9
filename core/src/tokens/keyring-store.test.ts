import { describe, expect, it } from "vitest";
import { MemoryObjectStore } from "../storage/memory-object-store.ts";
import { ensureKeyring, loadKeyring, loadPlaybackJwks, PLAYBACK_JWKS_KEY, saveKeyring, storedPlaybackKeys } from "./keyring-store.ts";
import { removeKey, rotateKeyring } from "./signing-keys.ts";

const NOW = new Date("2026-01-01T00:00:00Z");
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

async function rawPublicObject(store: MemoryObjectStore): Promise<Record<string, unknown>> {
  const object = await store.get(PLAYBACK_JWKS_KEY);
  if (!object) throw new Error("system/playback-jwks.json was not written");
  return JSON.parse(await new Response(object.body).text()) as Record<string, unknown>;
}

describe("published playback JWKS", () => {
  it("is written with the keyring, holds every public key and never a private member", async () => {
    const store = new MemoryObjectStore();
    const keyring = await ensureKeyring(store, "ES256", NOW);
    const published = await rawPublicObject(store);
    expect(Object.keys(published)).toEqual(["keys"]);
    const keys = published["keys"] as Record<string, unknown>[];
    expect(keys.map((k) => k["kid"])).toEqual([keyring.activeKid]);
    for (const key of keys) for (const member of PRIVATE_MEMBERS) expect(key).not.toHaveProperty(member);
    expect(keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
  });

  it("follows rotation and removal, published before the keyring changes", async () => {
    const store = new MemoryObjectStore();
    const first = await ensureKeyring(store, "ES256", NOW);
    const rotated = await rotateKeyring(first, "EdDSA", NOW);
    await saveKeyring(store, rotated);
    expect((await loadPlaybackJwks(store))?.keys.map((k) => k.kid)).toEqual(rotated.keys.map((k) => k.kid));
    for (const key of (await rawPublicObject(store))["keys"] as Record<string, unknown>[]) for (const member of PRIVATE_MEMBERS) expect(key).not.toHaveProperty(member);
    await saveKeyring(store, removeKey(rotated, first.activeKid));
    expect((await loadPlaybackJwks(store))?.keys.map((k) => k.kid)).toEqual([rotated.activeKid]);
    expect((await loadKeyring(store))?.keys.map((k) => k.kid)).toEqual([rotated.activeKid]);
  });

  it("is republished by the next start when a keyring exists without it", async () => {
    const store = new MemoryObjectStore();
    const keyring = await ensureKeyring(store, "ES256", NOW);
    await store.delete(PLAYBACK_JWKS_KEY);
    await ensureKeyring(store, "ES256", NOW);
    expect((await loadPlaybackJwks(store))?.keys.map((k) => k.kid)).toEqual([keyring.activeKid]);
  });

  it("is refused on read when it carries a private member", async () => {
    const store = new MemoryObjectStore();
    const keyring = await ensureKeyring(store, "ES256", NOW);
    const leaked = { keys: [keyring.keys[0]?.privateJwk] };
    await store.put(PLAYBACK_JWKS_KEY, JSON.stringify(leaked));
    await expect(loadPlaybackJwks(store)).rejects.toThrow(/private members/);
  });
});

describe("storedPlaybackKeys", () => {
  it("reads the public object only, caches it for the TTL and then sees a rotation", async () => {
    const store = new MemoryObjectStore();
    let now = 0;
    const keys = storedPlaybackKeys(store, 30_000, () => now);
    expect((await keys.jwks()).keys).toEqual([]);
    now = 30_000;
    const first = await ensureKeyring(store, "ES256", NOW);
    expect((await keys.jwks()).keys.map((k) => k.kid)).toEqual([first.activeKid]);
    const rotated = await rotateKeyring(first, "ES256", NOW);
    await saveKeyring(store, rotated);
    now = 59_999;
    expect((await keys.jwks()).keys.map((k) => k.kid)).toEqual([first.activeKid]);
    now = 60_000;
    expect((await keys.jwks()).keys.map((k) => k.kid)).toEqual([first.activeKid, rotated.activeKid]);
  });

  it("needs nothing but the public object", async () => {
    const store = new MemoryObjectStore();
    await ensureKeyring(store, "ES256", NOW);
    const publicOnly = { get: (key: string) => (key === PLAYBACK_JWKS_KEY ? store.get(key) : Promise.reject(new Error(`edge must not read ${key}`))) };
    expect((await storedPlaybackKeys(publicOnly, 0).jwks()).keys).toHaveLength(1);
  });
});
