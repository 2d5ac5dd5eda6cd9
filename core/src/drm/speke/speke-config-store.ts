/**
 * Tenants' SPEKE configs in storage at `tenants/<tenantId>/speke.json`, credentials sealed under the
 * master key. Reads are kept `ttlMs` (a changed config lands within it); a failing read is an error,
 * never "not configured", and is not remembered.
 */
import type { OutboundPolicy } from "../../net/outbound-target.ts";
import { readJson } from "../../storage/json.ts";
import { readMemo } from "../../storage/read-memo.ts";
import { keys } from "../../storage/keys.ts";
import type { ObjectStore } from "../../storage/object-store.ts";
import { openSpekeConfig, sealSpekeConfig } from "./seal-speke-config.ts";
import type { SealingKey } from "./sealed-credential.ts";
import { storedSpekeConfigSchema, type SpekeConfigInput, type SpekeProviderConfig } from "./speke-config.ts";
import type { SpekeConfigSource } from "./speke-key-provider.ts";

/** Seals `input`'s credentials and stores it as the tenant's provider. */
export async function saveSpekeConfig(store: ObjectStore, master: SealingKey, tenantId: string, input: SpekeConfigInput): Promise<void> {
  const stored = await sealSpekeConfig(master, tenantId, input);
  await store.put(keys.tenantSpeke(tenantId), JSON.stringify(stored), { contentType: "application/json" });
}

export function storedSpekeConfigs(store: ObjectStore, master: SealingKey, policy: OutboundPolicy, ttlMs = 30_000, now: () => number = Date.now): SpekeConfigSource {
  const schema = storedSpekeConfigSchema(policy);
  const cached = readMemo<SpekeProviderConfig | undefined>(ttlMs, now);
  async function load(tenantId: string): Promise<SpekeProviderConfig | undefined> {
    const stored = await readJson(store, keys.tenantSpeke(tenantId), schema);
    return stored === undefined ? undefined : openSpekeConfig(master, tenantId, stored.value);
  }
  return { config: (tenantId) => cached(tenantId, () => load(tenantId)) };
}
