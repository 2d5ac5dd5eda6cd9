/**
 * `Authorization: Bearer tk_…` on every API route, then a per-key rate limit, then the route's scope.
 * Scopes nest: admin includes write, write includes read.
 */
import type { Context, MiddlewareHandler } from "hono";
import { TributaryError } from "#core/errors.ts";
import { authenticateApiKey, type Principal } from "#core/records/api-keys.ts";
import type { ApiKeyScope } from "#core/records/schemas.ts";
import type { ObjectStore } from "#core/storage/object-store.ts";
import type { RateLimiter } from "./rate-limit.ts";

export interface ApiEnv {
  Variables: { principal: Principal };
}

const RANK: Record<ApiKeyScope, number> = { read: 1, write: 2, admin: 3 };

export function authenticate(store: ObjectStore, limiter: RateLimiter): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match === null) throw new TributaryError("auth.unauthorized", "send Authorization: Bearer <api key>");
    const principal = await authenticateApiKey({ store }, match[1] as string);
    if (principal === undefined) throw new TributaryError("auth.unauthorized", "API key is unknown or revoked");
    const retryAfterSeconds = await limiter.take(principal.apiKey.id);
    if (retryAfterSeconds > 0) throw new TributaryError("auth.rate_limited", "too many requests for this API key", { details: { retryAfterSeconds } });
    c.set("principal", principal);
    await next();
  };
}

export function requireScope(scope: ApiKeyScope): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const granted = Math.max(...c.var.principal.apiKey.scopes.map((s) => RANK[s]));
    if (granted < RANK[scope]) throw new TributaryError("auth.forbidden", `this API key lacks the ${scope} scope`, { details: { required: scope } });
    await next();
  };
}

/** The authenticated tenant's id. */
export function tenantOf(c: Context<ApiEnv>): string {
  return c.var.principal.tenant.id;
}

/**
 * The platform operator: an admin key of the operator tenant (the platform's own, whose admin key
 * the bootstrap keeps). Only it sees every tenant; any other key gets 403 here.
 */
export function requireOperator(operatorTenantId: string): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const admin = c.var.principal.apiKey.scopes.includes("admin");
    if (!admin || c.var.principal.tenant.id !== operatorTenantId) throw new TributaryError("auth.forbidden", "only the platform operator's admin keys see every tenant", { details: { required: "operator" } });
    await next();
  };
}
