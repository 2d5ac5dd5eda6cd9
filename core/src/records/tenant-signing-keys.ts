/**
 * Tenant signing keys: a tenant may sign playback tokens itself. The private JWK is returned once at
 * creation and never stored; the tenant record keeps the public JWK for the edge to verify with.
 */
import type { JWK } from "jose";
import { TributaryError } from "../errors.ts";
import { readJson, updateJson } from "../storage/json.ts";
import { keys } from "../storage/keys.ts";
import { generateSigningKey, type SigningAlgorithm } from "../tokens/signing-keys.ts";
import type { RecordContext } from "./context.ts";
import { tenantRecordSchema } from "./schemas.ts";

export interface TenantSigningKey {
  kid: string;
  alg: SigningAlgorithm;
  publicJwk: JWK;
  createdAt: string;
}

function notFound(what: string, details: Record<string, unknown>): TributaryError {
  return new TributaryError("request.not_found", `${what} not found`, { details });
}

function describe(jwk: Record<string, unknown>): TenantSigningKey {
  const { createdAt, ...publicJwk } = jwk;
  return { kid: String(publicJwk["kid"]), alg: publicJwk["alg"] === "EdDSA" ? "EdDSA" : "ES256", publicJwk: publicJwk as JWK, createdAt: String(createdAt) };
}

/** Generates a key pair, stores the public half in the tenant record, returns both halves once. */
export async function createTenantSigningKey(ctx: RecordContext, tenantId: string, alg: SigningAlgorithm): Promise<TenantSigningKey & { privateJwk: JWK }> {
  const key = await generateSigningKey(alg, new Date(ctx.clock.now()));
  if (key.privateJwk === undefined) throw new TypeError("generated key has no private half");
  const stored = { ...key.publicJwk, createdAt: key.createdAt };
  await updateJson(
    ctx.store,
    keys.tenant(tenantId),
    (tenant) => {
      if (tenant === undefined) throw notFound("tenant", { tenantId });
      return { ...tenant, signingKeys: [...tenant.signingKeys, stored] };
    },
    { schema: tenantRecordSchema },
  );
  return { ...describe(stored), privateJwk: key.privateJwk };
}

export async function listTenantSigningKeys(ctx: Pick<RecordContext, "store">, tenantId: string): Promise<TenantSigningKey[]> {
  const tenant = await readJson(ctx.store, keys.tenant(tenantId), tenantRecordSchema);
  if (tenant === undefined) throw notFound("tenant", { tenantId });
  return tenant.value.signingKeys.map(describe);
}

/** Removes a public key: tokens it signed stop verifying at the edge. */
export async function revokeTenantSigningKey(ctx: RecordContext, tenantId: string, kid: string): Promise<void> {
  await updateJson(
    ctx.store,
    keys.tenant(tenantId),
    (tenant) => {
      if (tenant === undefined) throw notFound("tenant", { tenantId });
      if (!tenant.signingKeys.some((jwk) => jwk["kid"] === kid)) throw notFound("signing key", { kid });
      return { ...tenant, signingKeys: tenant.signingKeys.filter((jwk) => jwk["kid"] !== kid) };
    },
    { schema: tenantRecordSchema },
  );
}

/** Every tenant's public JWKs in one JWKS, for an edge that verifies tenant-signed tokens. */
export function tenantJwks(signingKeys: readonly Record<string, unknown>[]): { keys: JWK[] } {
  return { keys: signingKeys.map((jwk) => describe(jwk).publicJwk) };
}
