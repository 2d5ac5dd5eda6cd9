import { describe, expect, it } from "vitest";
import { ManualClock, cryptoRandom } from "../clock.ts";
import { MemoryObjectStore } from "../storage/memory-object-store.ts";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "./api-keys.ts";
import type { RecordContext } from "./context.ts";
import { createTenant, ensureLocalTenant } from "./tenants.ts";

const context = (): RecordContext => ({ store: new MemoryObjectStore(), clock: new ManualClock(), random: cryptoRandom });

describe("tenants", () => {
  it("creates a tenant whose admin key authenticates with every scope", async () => {
    const ctx = context();
    const { tenant, adminKey } = await createTenant(ctx, { name: "Acme" });
    expect(adminKey).toMatch(/^tk_[0-9a-z]{26}_[A-Za-z0-9_-]{22}$/);
    const principal = await authenticateApiKey(ctx, adminKey);
    expect(principal?.tenant.id).toBe(tenant.id);
    expect(principal?.apiKey.scopes).toEqual(["read", "write", "admin"]);
    expect(JSON.stringify(tenant)).not.toContain(adminKey);
  });

  it("refuses a tenant id that is taken", async () => {
    const ctx = context();
    await createTenant(ctx, { id: "acme", name: "Acme" });
    await expect(createTenant(ctx, { id: "acme", name: "Other" })).rejects.toMatchObject({ code: "record.conflict" });
  });

  it("ensureLocalTenant returns the admin key on the first start only", async () => {
    const ctx = context();
    const first = await ensureLocalTenant(ctx);
    expect(first.tenant.id).toBe("local");
    expect(first.adminKey).toBeDefined();
    const second = await ensureLocalTenant(ctx);
    expect(second.adminKey).toBeUndefined();
    expect(second.tenant.apiKeys).toHaveLength(1);
  });

  it("two concurrent first starts agree on one tenant and one key", async () => {
    const ctx = context();
    const results = await Promise.all([ensureLocalTenant(ctx), ensureLocalTenant(ctx)]);
    expect(results.filter((r) => r.adminKey !== undefined)).toHaveLength(1);
    expect((await listApiKeys(ctx, "local")).length).toBe(1);
  });
});

describe("api keys", () => {
  it("creates, lists and revokes keys; a revoked key is refused", async () => {
    const ctx = context();
    const { tenant } = await createTenant(ctx, { name: "Acme" });
    const reader = await createApiKey(ctx, tenant.id, { name: "dashboard", scopes: ["read"] });
    expect((await authenticateApiKey(ctx, reader.key))?.apiKey.scopes).toEqual(["read"]);
    expect((await listApiKeys(ctx, tenant.id)).map((k) => k.name)).toEqual(["admin", "dashboard"]);
    await revokeApiKey(ctx, tenant.id, reader.record.id);
    expect(await authenticateApiKey(ctx, reader.key)).toBeUndefined();
  });

  it.each([
    ["empty", ""],
    ["not ours", "sk_live_123"],
    ["unknown id", "tk_00000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAA"],
  ])("refuses a key that is %s", async (_name, presented) => {
    const ctx = context();
    await createTenant(ctx, { name: "Acme" });
    expect(await authenticateApiKey(ctx, presented)).toBeUndefined();
  });

  it("refuses the right key id with a wrong secret", async () => {
    const ctx = context();
    const { adminKey } = await createTenant(ctx, { name: "Acme" });
    const forged = adminKey.slice(0, -1) + (adminKey.endsWith("A") ? "B" : "A");
    expect(await authenticateApiKey(ctx, forged)).toBeUndefined();
  });
});
