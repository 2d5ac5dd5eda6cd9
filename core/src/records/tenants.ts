/** Tenants: created with one admin API key, shown once. */
import { TributaryError, isTributaryError } from "../errors.ts";
import { readJson, updateJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import { issueApiKey } from "./api-keys.ts";
import { isoNow, type RecordContext } from "./context.ts";
import { newId } from "./ids.ts";
import { tenantRecordSchema, type TenantRecord } from "./schemas.ts";

export interface CreatedTenant {
  tenant: TenantRecord;
  /** The admin API key (`tk_…`), shown once. */
  adminKey: string;
}

/** The tenant id `npm start` uses on a single machine. */
export const LOCAL_TENANT_ID = "local";

/** Creates a tenant and its first key (scopes read, write, admin); refuses an id already taken with `record.conflict`. */
export async function createTenant(ctx: RecordContext, input: { name: string; id?: string }): Promise<CreatedTenant> {
  const id = input.id ?? newId(ctx.clock, ctx.random);
  const admin = await issueApiKey(ctx, id, "admin", ["read", "write", "admin"]);
  const { value } = await updateJson(
    ctx.store,
    keys.tenant(id),
    (current) => {
      if (current !== undefined) throw new TributaryError("record.conflict", "tenant already exists", { details: { tenantId: id } });
      return { id, name: input.name, createdAt: isoNow(ctx), apiKeys: [admin.record], signingKeys: [] };
    },
    { schema: tenantRecordSchema },
  );
  return { tenant: value, adminKey: admin.key };
}

export async function getTenant(ctx: Pick<RecordContext, "store">, tenantId: string): Promise<TenantRecord | undefined> {
  return (await readJson(ctx.store, keys.tenant(tenantId), tenantRecordSchema))?.value;
}

/**
 * The `local` tenant for `npm start`: created on first start, when its admin key is returned (and
 * only then); later starts return the tenant alone. Two concurrent first starts agree on one.
 * @example const { adminKey } = await ensureLocalTenant(ctx); if (adminKey) console.log(adminKey);
 */
export async function ensureLocalTenant(ctx: RecordContext): Promise<{ tenant: TenantRecord; adminKey?: string }> {
  const existing = await getTenant(ctx, LOCAL_TENANT_ID);
  if (existing !== undefined) return { tenant: existing };
  try {
    return await createTenant(ctx, { id: LOCAL_TENANT_ID, name: "Local" });
  } catch (error) {
    if (!isTributaryError(error, "record.conflict")) throw error;
    const winner = await getTenant(ctx, LOCAL_TENANT_ID);
    if (winner === undefined) throw error;
    return { tenant: winner };
  }
}
