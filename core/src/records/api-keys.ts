/**
 * Broadcaster API keys: kept in the tenant record as hashes, with an index object per key id so a
 * presented `tk_<keyId>_<secret>` is found in one read and verified in constant time.
 */
import { z } from "zod";
import { hashSecret, issueSecret, verifySecret } from "../crypto/secret.ts";
import { isTributaryError, TributaryError } from "../errors.ts";
import { readJson, updateJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import { apiKeyId, formatApiKey } from "./api-key-format.ts";
import { isoNow, type RecordContext } from "./context.ts";
import { newId } from "./ids.ts";
import { tenantRecordSchema, type ApiKeyScope, type TenantRecord } from "./schemas.ts";

export type ApiKeyRecord = TenantRecord["apiKeys"][number];

const apiKeyIndexSchema = z.object({ tenantId: z.string() });

export interface CreatedApiKey {
  /** The full key, shown to its owner once. */
  key: string;
  record: ApiKeyRecord;
}

/** Issues a key and writes its index; the caller adds `record` to the tenant record. */
export async function issueApiKey(ctx: RecordContext, tenantId: string, name: string, scopes: readonly ApiKeyScope[]): Promise<CreatedApiKey> {
  const id = newId(ctx.clock, ctx.random);
  const { secret } = await issueSecret("", ctx.random);
  const key = formatApiKey(id, secret);
  await ctx.store.put(keys.apiKey(id), JSON.stringify({ tenantId }), { ifNoneMatch: "*", contentType: "application/json" });
  return { key, record: { id, name, hash: await hashSecret(key), scopes: [...new Set(scopes)], createdAt: isoNow(ctx) } };
}

function notFound(tenantId: string): TributaryError {
  return new TributaryError("request.not_found", "tenant not found", { details: { tenantId } });
}

/** Creates a key for an existing tenant; the full key is in the result only. */
export async function createApiKey(ctx: RecordContext, tenantId: string, input: { name: string; scopes: readonly ApiKeyScope[] }): Promise<CreatedApiKey> {
  const created = await issueApiKey(ctx, tenantId, input.name, input.scopes);
  await updateJson(
    ctx.store,
    keys.tenant(tenantId),
    (tenant) => {
      if (tenant === undefined) throw notFound(tenantId);
      return { ...tenant, apiKeys: [...tenant.apiKeys, created.record] };
    },
    { schema: tenantRecordSchema },
  );
  return created;
}

/**
 * Makes a tenant accept a key issued outside the API (the bootstrap admin key an operator keeps in
 * Secrets Manager): writes its index and its hash, never the key. Running it again with the same key
 * writes nothing; a new secret under the same key id replaces the hash; a revoked key stays revoked.
 * @example await adoptApiKey(ctx, LOCAL_TENANT_ID, adminKey, { name: "bootstrap admin", scopes: ["read", "write", "admin"] });
 */
export async function adoptApiKey(ctx: RecordContext, tenantId: string, key: string, input: { name: string; scopes: readonly ApiKeyScope[] }): Promise<ApiKeyRecord> {
  const id = apiKeyId(key);
  if (id === undefined) throw new TributaryError("record.invalid", "an adopted API key must read tk_<keyId>_<secret>");
  const hash = await hashSecret(key);
  const known = (await listApiKeys(ctx, tenantId)).find((record) => record.id === id);
  if (known !== undefined && known.hash === hash) return known;
  try {
    await ctx.store.put(keys.apiKey(id), JSON.stringify({ tenantId }), { ifNoneMatch: "*", contentType: "application/json" });
  } catch (error) {
    if (!isTributaryError(error, "storage.precondition_failed")) throw error;
    const owner = await readJson(ctx.store, keys.apiKey(id), apiKeyIndexSchema);
    if (owner?.value.tenantId !== tenantId) throw new TributaryError("record.conflict", "api key id belongs to another tenant", { details: { keyId: id } });
  }
  const record: ApiKeyRecord = { id, name: input.name, hash, scopes: [...new Set(input.scopes)], createdAt: isoNow(ctx) };
  let adopted = record;
  await updateJson(
    ctx.store,
    keys.tenant(tenantId),
    (tenant) => {
      if (tenant === undefined) throw notFound(tenantId);
      const previous = tenant.apiKeys.find((k) => k.id === id);
      adopted = previous === undefined ? record : { ...previous, hash };
      return { ...tenant, apiKeys: previous === undefined ? [...tenant.apiKeys, adopted] : tenant.apiKeys.map((k) => (k.id === id ? adopted : k)) };
    },
    { schema: tenantRecordSchema },
  );
  return adopted;
}

/** Every key of the tenant, revoked ones included (hashes are not secrets, but callers should omit them). */
export async function listApiKeys(ctx: RecordContext, tenantId: string): Promise<ApiKeyRecord[]> {
  const tenant = await readJson(ctx.store, keys.tenant(tenantId), tenantRecordSchema);
  if (tenant === undefined) throw notFound(tenantId);
  return tenant.value.apiKeys;
}

/** Marks a key revoked; it is refused from then on. Revoking twice keeps the first time. */
export async function revokeApiKey(ctx: RecordContext, tenantId: string, keyId: string): Promise<ApiKeyRecord> {
  let revoked: ApiKeyRecord | undefined;
  await updateJson(
    ctx.store,
    keys.tenant(tenantId),
    (tenant) => {
      if (tenant === undefined) throw notFound(tenantId);
      const target = tenant.apiKeys.find((key) => key.id === keyId);
      if (target === undefined) throw new TributaryError("request.not_found", "api key not found", { details: { keyId } });
      revoked = { ...target, revokedAt: target.revokedAt ?? isoNow(ctx) };
      return { ...tenant, apiKeys: tenant.apiKeys.map((key) => (key.id === keyId ? (revoked as ApiKeyRecord) : key)) };
    },
    { schema: tenantRecordSchema },
  );
  return revoked as ApiKeyRecord;
}

export interface Principal {
  tenant: TenantRecord;
  apiKey: ApiKeyRecord;
}

/**
 * The tenant and key a presented API key belongs to, or `undefined` for any unknown, malformed,
 * revoked or wrong key. The secret is compared in constant time.
 */
export async function authenticateApiKey(ctx: Pick<RecordContext, "store">, presented: string): Promise<Principal | undefined> {
  const keyId = apiKeyId(presented);
  if (keyId === undefined) return undefined;
  const index = await readJson(ctx.store, keys.apiKey(keyId), apiKeyIndexSchema);
  if (index === undefined) return undefined;
  const tenant = await readJson(ctx.store, keys.tenant(index.value.tenantId), tenantRecordSchema);
  const apiKey = tenant?.value.apiKeys.find((key) => key.id === keyId);
  if (tenant === undefined || apiKey === undefined || apiKey.revokedAt !== undefined) return undefined;
  return (await verifySecret(presented, apiKey.hash)) ? { tenant: tenant.value, apiKey } : undefined;
}
