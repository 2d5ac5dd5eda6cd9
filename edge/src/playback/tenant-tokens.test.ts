// Tokens tenants sign offline with their own keys: accepted for their own media, refused for anyone
// else's, and refused once the key is revoked.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ManualClock } from "#core/clock.ts";
import { registerMedia } from "#core/records/media.ts";
import { createTenantSigningKey, revokeTenantSigningKey } from "#core/records/tenant-signing-keys.ts";
import { createTenant } from "#core/records/tenants.ts";
import { MemoryObjectStore } from "#core/storage/memory-object-store.ts";
import { ensureKeyring, storedPlaybackKeys } from "#core/tokens/keyring-store.ts";
import { signPlaybackToken } from "#core/tokens/sign.ts";
import { storeWithFailingReads } from "#core/testing/store-with.ts";
import { storedTenantKeys } from "#core/tokens/tenant-keys.ts";
import { createEdgeApp } from "../app.ts";

const clock = new ManualClock(Date.UTC(2026, 10, 26, 12));
const store = new MemoryObjectStore({ clock });
const ctx = { store, clock, random: { bytes: (n: number) => crypto.getRandomValues(new Uint8Array(n)) } };
const expiresAt = () => Math.floor(clock.now() / 1000) + 600;
let acmeKey: Awaited<ReturnType<typeof createTenantSigningKey>>;
let app: ReturnType<typeof createEdgeApp>;

beforeAll(async () => {
  await ensureKeyring(store, "ES256", new Date(clock.now()));
  await createTenant(ctx, { id: "acme", name: "Acme" });
  await createTenant(ctx, { id: "bravo", name: "Bravo" });
  acmeKey = await createTenantSigningKey(ctx, "acme", "EdDSA");
  const createdAt = new Date(clock.now()).toISOString();
  await registerMedia(store, { id: "acmemedia", tenantId: "acme", kind: "vod", createdAt });
  await registerMedia(store, { id: "bravomedia", tenantId: "bravo", kind: "vod", createdAt });
  await store.put("media/acmemedia/master.m3u8", "#EXTM3U\n");
  await store.put("media/bravomedia/master.m3u8", "#EXTM3U\n");
  app = createEdgeApp({
    store,
    keys: storedPlaybackKeys(store, 0, () => clock.now()),
    tenantKeys: storedTenantKeys(store, 1_000, () => clock.now()),
    clock,
    viewer: () => ({}),
  });
});

const play = async (token: string, mediaId: string) => (await app.request(`/p/${token}/${mediaId}/master.m3u8`)).status;

describe("tenant-signed playback tokens", () => {
  it("plays the tenant's own media", async () => {
    const token = await signPlaybackToken(acmeKey, { mediaId: "acmemedia", tenantId: "acme", expiresAt: expiresAt() }, clock.now());
    expect(await play(token, "acmemedia")).toBe(200);
  });

  it("refuses another tenant's media with 403, and a tid that does not own the key with 401", async () => {
    const other = await signPlaybackToken(acmeKey, { mediaId: "bravomedia", tenantId: "acme", expiresAt: expiresAt() }, clock.now());
    expect(await play(other, "bravomedia")).toBe(403);
    const claimsBravo = await signPlaybackToken(acmeKey, { mediaId: "bravomedia", tenantId: "bravo", expiresAt: expiresAt() }, clock.now());
    expect(await play(claimsBravo, "bravomedia")).toBe(401);
    const noTenant = await signPlaybackToken(acmeKey, { mediaId: "acmemedia", expiresAt: expiresAt() }, clock.now());
    expect(await play(noTenant, "acmemedia")).toBe(401);
  });

  it("answers 503 while the tenant's keys cannot be read (not 401: the token may be good), and logs it", async () => {
    const edge = createEdgeApp({
      store,
      keys: storedPlaybackKeys(store, 0, () => clock.now()),
      tenantKeys: storedTenantKeys(storeWithFailingReads(store, (key) => key.startsWith("tenants/")), 1_000, () => clock.now()),
      clock,
      viewer: () => ({}),
    });
    const token = await signPlaybackToken(acmeKey, { mediaId: "acmemedia", tenantId: "acme", expiresAt: expiresAt() }, clock.now());
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const response = await edge.request(`/p/${token}/acmemedia/master.m3u8`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: { code: "storage.unavailable", message: "storage unavailable" } });
      expect(logged).toHaveBeenCalledTimes(1);
    } finally {
      logged.mockRestore();
    }
  });

  it("stops accepting a revoked key once the edge re-reads the tenant", async () => {
    const token = await signPlaybackToken(acmeKey, { mediaId: "acmemedia", tenantId: "acme", expiresAt: expiresAt() }, clock.now());
    await revokeTenantSigningKey(ctx, "acme", acmeKey.kid);
    clock.advance(61_000);
    const fresh = await signPlaybackToken(acmeKey, { mediaId: "acmemedia", tenantId: "acme", expiresAt: expiresAt() }, clock.now());
    expect(await play(fresh, "acmemedia")).toBe(401);
    expect(token).not.toBe(fresh);
  });
});
