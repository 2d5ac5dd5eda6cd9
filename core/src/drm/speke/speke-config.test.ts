// A tenant's SPEKE config: validated whole (every problem named, never a credential), sealed at rest
// so stored JSON holds no secret, opened only for the tenant it was sealed for, and read from storage.
import { describe, expect, it } from "vitest";
import { MemoryObjectStore } from "../../storage/memory-object-store.ts";
import { keys } from "../../storage/keys.ts";
import { storeWithFailingReads } from "../../testing/store-with.ts";
import { openSpekeConfig, sealSpekeConfig } from "./seal-speke-config.ts";
import type { SealingKey } from "./sealed-credential.ts";
import { spekeConfigInputSchema, type SpekeConfigInput } from "./speke-config.ts";
import { saveSpekeConfig, storedSpekeConfigs } from "./speke-config-store.ts";

const strict = { allowPrivateTargets: false };
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

async function masterKey(): Promise<SealingKey> {
  const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  return { key, id: "0badc0de" };
}

const sigv4: SpekeConfigInput = spekeConfigInputSchema(strict).parse({
  url: "https://keys.example.com/speke/v2.0/copyProtection",
  systems: ["widevine", "playready"],
  auth: { kind: "sigv4", region: "us-east-1", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: SECRET },
});

describe("SPEKE config", () => {
  it("fills defaults for a valid config", () => {
    expect(sigv4).toEqual({
      url: "https://keys.example.com/speke/v2.0/copyProtection",
      systems: ["widevine", "playready"],
      timeoutMs: 10_000,
      auth: { kind: "sigv4", region: "us-east-1", service: "execute-api", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: SECRET },
    });
  });

  it("names every problem, and never a credential", () => {
    const result = spekeConfigInputSchema(strict).safeParse({
      url: "http://169.254.169.254/latest",
      systems: ["widevine", "widevine", "marlin"],
      timeoutMs: 60_000,
      auth: { kind: "header", name: "X-Speke-Version", value: `${SECRET}\n` },
      extra: true,
    });
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) ?? [];
    expect(issues.map((issue) => issue.split(":")[0])).toEqual(expect.arrayContaining(["systems.2", "timeoutMs", "auth.name", "auth.value", ""]));
    expect(JSON.stringify(result.error)).not.toContain(SECRET);
    const endpoint = spekeConfigInputSchema(strict).safeParse({ ...sigv4, url: "http://10.0.0.8/speke" });
    expect(endpoint.error?.issues.map((issue) => issue.message)).toEqual(["the key provider must be https: keys come back in the clear", expect.stringMatching(/^10\.0\.0\.8 is a private/)]);
    expect(spekeConfigInputSchema(strict).safeParse({ ...sigv4, url: "https://user:pw@keys.example.com/" }).error?.issues[0]?.message).toBe("credentials belong in auth, not in the URL");
  });

  it("accepts a loopback http endpoint only where private targets are allowed", () => {
    const local = { ...sigv4, url: "http://127.0.0.1:9999/speke" };
    expect(spekeConfigInputSchema(strict).safeParse(local).success).toBe(false);
    expect(spekeConfigInputSchema({ allowPrivateTargets: true }).safeParse(local).success).toBe(true);
  });

  it("seals credentials so the stored form holds none, and opens them only for the same tenant", async () => {
    const master = await masterKey();
    const stored = await sealSpekeConfig(master, "acme", sigv4);
    expect(JSON.stringify(stored)).not.toContain(SECRET);
    expect(JSON.stringify(stored)).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(await openSpekeConfig(master, "acme", stored)).toEqual(sigv4);
    await expect(openSpekeConfig(master, "other", stored)).rejects.toMatchObject({ code: "drm.unseal_failed" });
    await expect(openSpekeConfig(await masterKey(), "acme", stored)).rejects.toMatchObject({ code: "drm.unseal_failed" });
  });

  it("reads a tenant's config from storage: absent is not configured, a failing store is an error", async () => {
    const master = await masterKey();
    const memory = new MemoryObjectStore();
    let down = false;
    const store = storeWithFailingReads(memory, () => down);
    const header: SpekeConfigInput = { ...sigv4, auth: { kind: "header", name: "X-Api-Key", value: SECRET } };
    await saveSpekeConfig(store, master, "acme", header);
    expect((await memory.get(keys.tenantSpeke("acme"))) !== undefined).toBe(true);
    const configs = storedSpekeConfigs(store, master, strict, 0);
    expect(await configs.config("acme")).toEqual(header);
    expect(await configs.config("nobody")).toBeUndefined();
    down = true;
    await expect(configs.config("acme")).rejects.toMatchObject({ code: "storage.unavailable" });
  });
});
